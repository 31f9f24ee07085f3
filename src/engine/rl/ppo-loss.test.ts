import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { ppoPolicyLoss } from './ppo-loss';

const EPS = 0.2;

function run(lp: ArrayLike<number>, old: ArrayLike<number>, A: ArrayLike<number>, mask: ArrayLike<number>, eps = EPS) {
  const n = lp.length;
  const grad = new Float64Array(n);
  const stats = ppoPolicyLoss(grad, Float64Array.from(lp), Float64Array.from(old), Float64Array.from(A), Float64Array.from(mask), n, eps);
  return { ...stats, grad };
}

/** Log-ratios whose ratio stays ≥ `gap` away from both clip kinks 1 ± ε (finite differences need smoothness). */
function logRatiosAwayFromKinks(rng: Rng, n: number, spread: number, gap = 0.02): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x: number;
    do x = spread * (2 * rng.uniform() - 1);
    while (Math.abs(Math.exp(x) - (1 - EPS)) < gap || Math.abs(Math.exp(x) - (1 + EPS)) < gap);
    d[i] = x;
  }
  return d;
}

describe('ppoPolicyLoss (CPU reference)', () => {
  it('first minibatch (logprob = old): ratio ≡ 1, approxkl 0, clipfrac 0, loss = −masked_mean(A)', () => {
    const n = 40;
    const rng = new Rng(1);
    const lp = Float64Array.from(rng.normalArray(n, 3, -4));
    const A = Float64Array.from(rng.normalArray(n, 2));
    const mask = Float64Array.from({ length: n }, (_, i) => (i % 7 < 5 ? 1 : 0));
    const r = run(lp, lp, A, mask);
    let sA = 0, sm = 0;
    for (let i = 0; i < n; i++) { sA += A[i] * mask[i]; sm += mask[i]; }
    expect(r.approxkl).toBe(0);
    expect(r.clipfrac).toBe(0);
    expect(r.loss).toBeCloseTo(-sA / sm, 14);
    for (let i = 0; i < n; i++) expect(r.grad[i]).toBeCloseTo((-A[i] * mask[i]) / sm, 14); // ratio = 1
  });

  it('matches a hand-computed two-token minibatch', () => {
    // Token 0: Δ = ln 1.5, A = 2: pg1 = −3, pg2 = −2·1.2 = −2.4 > pg1 → clipped, loss term −2.4, grad 0.
    // Token 1: Δ = ln 0.5, A = 1: pg1 = −0.5, pg2 = −0.8 → unclipped, term −0.5, grad −1·0.5/2.
    // Token 2: masked (garbage). loss = (−2.4 − 0.5)/2, clipfrac = ½, approxkl = ¼·(ln²1.5 + ln²0.5).
    const r = run([Math.log(1.5), Math.log(0.5), 300], [0, 0, -300], [2, 1, 1e6], [1, 1, 0]);
    expect(r.loss).toBeCloseTo(-1.45, 14);
    expect(r.clipfrac).toBe(0.5);
    expect(r.approxkl).toBeCloseTo(0.25 * (Math.log(1.5) ** 2 + Math.log(0.5) ** 2), 14);
    expect(r.grad[0]).toBe(0);
    expect(r.grad[1]).toBeCloseTo(-0.25, 14);
    expect(r.grad[2]).toBe(0);
  });

  it('the pessimistic bound: clipped tokens (A > 0, ratio > 1+ε; A < 0, ratio < 1−ε) have zero gradient, the others do not', () => {
    const lp = [Math.log(2), Math.log(0.3), Math.log(0.3), Math.log(2), Math.log(1.1)];
    const A = [1, -1, 1, -1, 3];
    const r = run(lp, [0, 0, 0, 0, 0], A, [1, 1, 1, 1, 1]);
    expect([...r.grad.slice(0, 2)]).toEqual([0, 0]);
    // Unclipped: ∂/∂lp (−A·ratio)/Σm = −A·ratio/5.
    expect(r.grad[2]).toBeCloseTo((-1 * 0.3) / 5, 14);
    expect(r.grad[3]).toBeCloseTo((1 * 2) / 5, 14);
    expect(r.grad[4]).toBeCloseTo((-3 * 1.1) / 5, 14);
    expect(r.clipfrac).toBeCloseTo(2 / 5, 14);
  });

  it('dlogprob equals central finite differences of the loss (float64, away from the clip kinks)', () => {
    const n = 60;
    const rng = new Rng(2);
    const old = Float64Array.from(rng.normalArray(n, 2, -3));
    const d = logRatiosAwayFromKinks(rng, n, 0.6); // ratios in [0.55, 1.8]: inside and outside the band
    const lp = old.map((o, i) => o + d[i]);
    const A = Float64Array.from(rng.normalArray(n, 5));
    const mask = Float64Array.from({ length: n }, (_, i) => (i % 5 === 4 ? 0 : 1));
    const { grad, clipfrac } = run(lp, old, A, mask);
    expect(clipfrac).toBeGreaterThan(0.1); // both branches are exercised
    expect(clipfrac).toBeLessThan(0.9);
    const h = 1e-6;
    for (let i = 0; i < n; i++) {
      const plus = lp.slice(), minus = lp.slice();
      plus[i] += h;
      minus[i] -= h;
      const fd = (run(plus, old, A, mask).loss - run(minus, old, A, mask).loss) / (2 * h);
      // Central differences: truncation O(h²·|f'''|) ≈ 1e-12 here, cancellation ≈ 1e-16·|loss|/h ≈ 1e-9.
      expect(Math.abs(fd - grad[i])).toBeLessThan(1e-7);
    }
  });

  it('an all-masked minibatch gives loss 0, zero gradient and no NaN, whatever the padding holds', () => {
    const r = run([1e3, -1e3, 0], [-1e3, 1e3, 0], [1e30, -1e30, 1], [0, 0, 0]);
    expect(r).toEqual({ loss: 0, clipfrac: 0, approxkl: 0, grad: new Float64Array(3) });
  });

  it('masked tokens do not change the result', () => {
    const n = 30;
    const rng = new Rng(3);
    const lp = Float64Array.from(rng.normalArray(n, 0.5));
    const old = Float64Array.from(rng.normalArray(n, 0.1)).map((x, i) => lp[i] + x);
    const A = Float64Array.from(rng.normalArray(n, 3));
    const mask = Float64Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0));
    const a = run(lp, old, A, mask);
    const lp2 = lp.slice(), A2 = A.slice();
    for (let i = 20; i < n; i++) { lp2[i] = 500; A2[i] = -1e9; }
    const b = run(lp2, old, A2, mask);
    expect(b).toEqual(a);
    const c = run(lp.slice(0, 20), old.slice(0, 20), A.slice(0, 20), mask.slice(0, 20));
    expect(c.loss).toBe(a.loss);
    expect([...c.grad]).toEqual([...a.grad.slice(0, 20)]);
  });

  it('writes Float32 outputs and rejects bad arguments', () => {
    const g = new Float32Array(1);
    const s = ppoPolicyLoss(g, new Float32Array([0]), new Float32Array([0]), new Float32Array([4]), new Float32Array([1]), 1, EPS);
    expect(s).toEqual({ loss: -4, clipfrac: 0, approxkl: 0 });
    expect(g[0]).toBe(-4);
    expect(() => ppoPolicyLoss(g, g, g, g, g, 1, -0.1)).toThrow(RangeError);
    expect(() => ppoPolicyLoss(g, g, g, g, g, 2, EPS)).toThrow(RangeError);
  });
});
