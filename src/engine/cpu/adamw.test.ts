import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../tensor/compare';
import { Rng } from '../tensor/rng';
import { adamwUpdate, clipScale, gradNormSquared } from './adamw';

/**
 * AdamW as PyTorch documents it (torch.optim.AdamW, with torch.nn.utils.clip_grad_norm_ before
 * it), written out step by step on plain numbers — independent of the code under test.
 */
function textbookAdamW(
  theta: number[], grads: number[], state: { m: number[]; v: number[]; t: number },
  h: { lr: number; beta1: number; beta2: number; eps: number; wd: number; maxNorm: number },
): void {
  let g = grads.slice();
  if (h.maxNorm > 0) {
    const totalNorm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
    const clipCoef = h.maxNorm / (totalNorm + 1e-6);
    if (clipCoef < 1) g = g.map((x) => x * clipCoef);
  }
  state.t += 1;
  for (let i = 0; i < theta.length; i++) {
    theta[i] = theta[i] * (1 - h.lr * h.wd); // decoupled weight decay on the old parameter
    state.m[i] = h.beta1 * state.m[i] + (1 - h.beta1) * g[i];
    state.v[i] = h.beta2 * state.v[i] + (1 - h.beta2) * g[i] * g[i];
    const mHat = state.m[i] / (1 - h.beta1 ** state.t);
    const vHat = state.v[i] / (1 - h.beta2 ** state.t);
    theta[i] = theta[i] - (h.lr * mHat) / (Math.sqrt(vHat) + h.eps);
  }
}

describe('adamw (CPU reference)', () => {
  it('gradNormSquared and clipScale (hand-computed)', () => {
    expect(gradNormSquared(Float32Array.from([3, 4, 100]), 2)).toBe(25);
    expect(clipScale(25, 1)).toBeCloseTo(1 / (5 + 1e-6), 15);
    expect(clipScale(25, 10)).toBe(1);
    expect(clipScale(25, 0)).toBe(1);
  });

  it('first step without decay moves each parameter by lr·g/(|g| + eps) ≈ lr·sign(g)', () => {
    // At t = 1 the bias corrections undo (1−β): m̂ = g, v̂ = g², whatever β1, β2 are.
    const g = [0.5, -2, 1e-3];
    const p = Float64Array.from([1, 1, 1]), m = new Float64Array(3), v = new Float64Array(3);
    adamwUpdate(p, Float64Array.from(g), m, v, 3, 0.1, 0.9, 0.999, 1e-8, 0, 1, 0, 0);
    g.forEach((gi, i) => expect(p[i]).toBeCloseTo(1 - (0.1 * gi) / (Math.abs(gi) + 1e-8), 12));
  });

  it('rejects a step count t < 1', () => {
    const z = new Float64Array(1);
    expect(() => adamwUpdate(z, z, z, z, 1, 0.1, 0.9, 0.999, 1e-8, 0, 0, 0, 0)).toThrow(RangeError);
  });

  const cases = [
    { label: 'clipping active', maxNorm: 0.5, wd: 0.1 },
    { label: 'clipping inactive (large maxNorm)', maxNorm: 1e6, wd: 0.01 },
    { label: 'clipping off (maxNorm 0)', maxNorm: 0, wd: 0 },
  ];
  for (const c of cases) {
    it(`equals the textbook AdamW over 10 steps (t = 1 … 10), ${c.label}`, () => {
      const n = 300;
      const h = { lr: 3e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, wd: c.wd, maxNorm: c.maxNorm };
      const rng = new Rng(42);
      const init = rng.normalArray(n);
      const theta = [...init], state = { m: new Array(n).fill(0), v: new Array(n).fill(0), t: 0 };
      const p = Float64Array.from(init), m = new Float64Array(n), v = new Float64Array(n);
      let clipped = 0;
      for (let t = 1; t <= 10; t++) {
        const g = rng.normalArray(n, t === 10 ? 5 : 0.05); // step 10: large gradients
        const normSq = gradNormSquared(g, n);
        if (clipScale(normSq, h.maxNorm) < 1) clipped++;
        adamwUpdate(p, g, m, v, n, h.lr, h.beta1, h.beta2, h.eps, h.wd, t, normSq, h.maxNorm);
        textbookAdamW(theta, [...g], state, h);
        expect(maxAbsDiff(p, theta)).toBeLessThan(1e-12);
        expect(maxAbsDiff(m, state.m)).toBeLessThan(1e-12);
        expect(maxAbsDiff(v, state.v)).toBeLessThan(1e-12);
      }
      expect(clipped > 0).toBe(c.maxNorm === 0.5); // the cases really exercise (or not) the clipping
    });
  }
});
