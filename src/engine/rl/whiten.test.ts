import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { whitenMasked } from './whiten';

function maskedMoments(y: Float32Array, mask: Float32Array) {
  let sm = 0, s = 0;
  for (let i = 0; i < y.length; i++) if (mask[i]) { sm += mask[i]; s += y[i] * mask[i]; }
  const mean = s / sm;
  let v = 0;
  for (let i = 0; i < y.length; i++) if (mask[i]) v += (y[i] - mean) ** 2 * mask[i];
  return { mean, variance: v / sm };
}

describe('whitenMasked (CPU)', () => {
  const n = 301;
  const rng = new Rng(4);
  const x = rng.normalArray(n, 2.5, 3);
  const mask = new Float32Array(n).map((_, i) => (i % 5 === 2 || i > 280 ? 0 : 1));
  for (let i = 0; i < n; i++) if (!mask[i]) x[i] = i % 2 ? 1e30 : NaN; // garbage must not leak

  it('gives masked mean 0 and masked (biased) variance 1; masked positions are 0', () => {
    const y = new Float32Array(n).fill(7);
    whitenMasked(y, x, mask, n);
    const { mean, variance } = maskedMoments(y, mask);
    expect(Math.abs(mean)).toBeLessThan(1e-6);
    expect(variance).toBeCloseTo(1, 5);
    for (let i = 0; i < n; i++) if (!mask[i]) expect(y[i]).toBe(0);
  });

  it('matches the formula element by element (hand-computed)', () => {
    const y = new Float32Array(4);
    // masked values 1, 3 (and 100 masked out): mean 2, biased var 1 → ±1/√(1+1e-8)
    whitenMasked(y, new Float32Array([1, 100, 3, 2]), new Float32Array([1, 0, 1, 1]), 4);
    const r = 1 / Math.sqrt(2 / 3 + 1e-8);
    expect(y[0]).toBeCloseTo(-r, 6);
    expect(y[1]).toBe(0);
    expect(y[2]).toBeCloseTo(r, 6);
    expect(y[3]).toBeCloseTo(0, 7);
  });

  it('shiftMean = false keeps the mean (TRL masked_whiten) and still has unit variance', () => {
    const y = new Float32Array(n);
    whitenMasked(y, x, mask, n, false);
    const before = maskedMoments(x, mask);
    const after = maskedMoments(y, mask);
    expect(after.mean).toBeCloseTo(before.mean, 5);
    expect(after.variance).toBeCloseTo(1, 5);
  });

  it('all-masked input gives zeros, no NaN', () => {
    const y = new Float32Array(n).fill(NaN);
    whitenMasked(y, x, new Float32Array(n), n, false);
    expect(y.every((v) => v === 0)).toBe(true);
  });

  it('one real element (and constant input) gives 0: var = 0 is fine thanks to ε', () => {
    const y = new Float32Array(3).fill(NaN);
    whitenMasked(y, new Float32Array([5, 2, 9]), new Float32Array([0, 1, 0]), 3);
    expect([...y]).toEqual([0, 0, 0]);
    whitenMasked(y, new Float32Array([4, 4, 4]), new Float32Array([1, 1, 1]), 3, false);
    expect([...y]).toEqual([4, 4, 4]);
  });

  it('is invariant to shifting and scaling the input (huge values)', () => {
    const y = new Float32Array(n), z = new Float32Array(n);
    whitenMasked(y, x, mask, n);
    whitenMasked(z, x.map((v) => 1e4 * v - 3e4), mask, n);
    for (let i = 0; i < n; i++) if (mask[i]) expect(z[i]).toBeCloseTo(y[i], 4);
  });
});
