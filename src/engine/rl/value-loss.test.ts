import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { valueLoss } from './value-loss';

const EPS = 0.2;

function run(V: ArrayLike<number>, old: ArrayLike<number>, R: ArrayLike<number>, mask: ArrayLike<number>, eps = EPS) {
  const n = V.length;
  const grad = new Float64Array(n);
  const stats = valueLoss(grad, Float64Array.from(V), Float64Array.from(old), Float64Array.from(R), Float64Array.from(mask), n, eps);
  return { ...stats, grad };
}

describe('valueLoss (CPU reference)', () => {
  it('V = Vold (first minibatch): no clipping, loss = ½·masked_mean((V − R)²), grad = m·(V − R)/Σm', () => {
    const n = 25;
    const rng = new Rng(1);
    const V = Float64Array.from(rng.normalArray(n, 2));
    const R = Float64Array.from(rng.normalArray(n, 2));
    const mask = Float64Array.from({ length: n }, (_, i) => (i % 4 === 3 ? 0 : 1));
    const r = run(V, V, R, mask);
    let s = 0, sm = 0;
    for (let i = 0; i < n; i++) { s += mask[i] * (V[i] - R[i]) ** 2; sm += mask[i]; }
    expect(r.clipfrac).toBe(0);
    expect(r.loss).toBeCloseTo((0.5 * s) / sm, 14);
    for (let i = 0; i < n; i++) expect(r.grad[i]).toBeCloseTo((mask[i] * (V[i] - R[i])) / sm, 14);
  });

  it('matches a hand-computed example', () => {
    // Token 0: V = 1, Vold = 0, R = 2: Vc = 0.2, (V−R)² = 1, (Vc−R)² = 3.24 → clipped, term 3.24, grad 0.
    // Token 1: V = 1, Vold = 0, R = 0: Vc = 0.2, (V−R)² = 1, (Vc−R)² = 0.04 → unclipped, term 1, grad 1/2.
    // Token 2: masked garbage. loss = ½·(3.24 + 1)/2 = 1.06, clipfrac = ½.
    const r = run([1, 1, 1e30], [0, 0, -1e30], [2, 0, 5], [1, 1, 0]);
    expect(r.loss).toBeCloseTo(1.06, 14);
    expect(r.clipfrac).toBe(0.5);
    expect([...r.grad]).toEqual([0, 0.5, 0]);
  });

  it('dvalues equals central finite differences of the loss (float64, away from the clip kinks)', () => {
    const n = 60;
    const rng = new Rng(2);
    const old = Float64Array.from(rng.normalArray(n, 2));
    const R = Float64Array.from(rng.normalArray(n, 2));
    const V = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // Keep V at least 0.01 from the band edges Vold ± ε and from the point where both branches tie.
      let v: number;
      do v = old[i] + 0.6 * (2 * rng.uniform() - 1);
      while (Math.abs(Math.abs(v - old[i]) - EPS) < 0.01 || Math.abs(v - R[i]) < 0.01 || Math.abs(Math.abs(v - R[i]) - Math.abs(Math.min(Math.max(v, old[i] - EPS), old[i] + EPS) - R[i])) < 0.01 && Math.abs(v - old[i]) > EPS);
      V[i] = v;
    }
    const mask = Float64Array.from({ length: n }, (_, i) => (i % 6 === 5 ? 0 : 1));
    const { grad, clipfrac } = run(V, old, R, mask);
    expect(clipfrac).toBeGreaterThan(0.1);
    expect(clipfrac).toBeLessThan(0.9);
    const h = 1e-6;
    for (let i = 0; i < n; i++) {
      const plus = V.slice(), minus = V.slice();
      plus[i] += h;
      minus[i] -= h;
      const fd = (run(plus, old, R, mask).loss - run(minus, old, R, mask).loss) / (2 * h);
      // The loss is piecewise quadratic, so central differences are exact up to rounding (≈1e-10).
      expect(Math.abs(fd - grad[i])).toBeLessThan(1e-7);
    }
  });

  it('clipped tokens have zero gradient; V inside the band is never clipped', () => {
    // Outside the band towards R, the clipped prediction is worse, so it wins (max) and V gets no
    // gradient: V = 0.5 > Vold + ε with R = 3, and V = −0.5 with R = −3. Outside the band away
    // from R (V = 0.5, R = −1) the unclipped term wins; inside the band (V = 0.1) Vc = V.
    const r = run([0.5, -0.5, 0.5, 0.1], [0, 0, 0, 0], [3, -3, -1, 5], [1, 1, 1, 1]);
    expect(r.grad[0]).toBe(0);
    expect(r.grad[1]).toBe(0);
    expect(r.grad[2]).toBeCloseTo((0.5 + 1) / 4, 14);
    expect(r.grad[3]).toBeCloseTo((0.1 - 5) / 4, 14);
    expect(r.clipfrac).toBe(0.5);
  });

  it('an all-masked minibatch gives loss 0, zero gradient and no NaN', () => {
    const r = run([1e30, -1e30], [0, 0], [-1e30, 1e30], [0, 0]);
    expect(r).toEqual({ loss: 0, clipfrac: 0, grad: new Float64Array(2) });
  });

  it('writes Float32 outputs and rejects bad arguments', () => {
    const g = new Float32Array(1);
    const s = valueLoss(g, new Float32Array([3]), new Float32Array([3]), new Float32Array([1]), new Float32Array([1]), 1, EPS);
    expect(s).toEqual({ loss: 2, clipfrac: 0 });
    expect(g[0]).toBe(2);
    expect(() => valueLoss(g, g, g, g, g, 1, -1)).toThrow(RangeError);
    expect(() => valueLoss(g, g, g, g, g, 3, EPS)).toThrow(RangeError);
  });
});
