import { describe, expect, it } from 'vitest';
import { maxGradError, numericGrad } from '../cpu/testing/finite-diff';
import { Rng } from '../tensor/rng';
import { grpoLoss, GRPO_LOSS_TYPES, type GrpoLossOptions } from './grpo-loss';

const BASE: GrpoLossOptions = { epsilonLow: 0.2, epsilonHigh: 0.28, beta: 0.04, lossType: 'grpo', maxCompletionLength: 6, numItemsInBatch: 40 };

/** Random rows of lengths `lens` (T = 6); log-ratios in ±0.6 kept away from the kinks 1 − ε_low, 1 + ε_high. */
function makeCase(seed: number, lens = [6, 3, 1, 4]) {
  const B = lens.length, T = 6, n = B * T, rng = new Rng(seed);
  const old = Float64Array.from(rng.uniformArray(n, -4, -0.1)), lp = new Float64Array(n), ref = new Float64Array(n), mask = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d: number;
    do d = rng.uniform() * 1.2 - 0.6;
    while (Math.abs(Math.exp(d) - 0.8) < 0.02 || Math.abs(Math.exp(d) - 1.28) < 0.02);
    lp[i] = old[i] + d;
    ref[i] = old[i] + (rng.uniform() - 0.5);
  }
  lens.forEach((len, b) => mask.fill(1, b * T, b * T + len));
  for (let i = 0; i < n; i++) if (!mask[i]) { lp[i] = NaN; old[i] = 1e30; ref[i] = NaN; } // garbage must not leak
  const A = Float64Array.from(rng.normalArray(B, 1.5));
  return { B, T, n, lp, old, ref, A, mask };
}

/** The PyTorch code read literally: per_token_loss, then the loss_type's aggregation (loss value only). */
function trlLoss(c: ReturnType<typeof makeCase>, o: GrpoLossOptions): number {
  const { B, T } = c;
  const per = (b: number, t: number) => {
    const i = b * T + t;
    const coef1 = Math.exp(c.lp[i] - c.old[i]), coef2 = Math.min(Math.max(coef1, 1 - o.epsilonLow), 1 + o.epsilonHigh);
    const kl = Math.exp(c.ref[i] - c.lp[i]) - (c.ref[i] - c.lp[i]) - 1;
    return -Math.min(coef1 * c.A[b], coef2 * c.A[b]) + o.beta * kl;
  };
  let sum = 0, count = 0, rowMeans = 0;
  for (let b = 0; b < B; b++) {
    let s = 0, m = 0;
    for (let t = 0; t < T; t++) if (c.mask[b * T + t]) { s += per(b, t); m++; }
    sum += s; count += m; rowMeans += s / Math.max(1, m);
  }
  if (o.lossType === 'grpo') return rowMeans / B;
  if (o.lossType === 'bnpo') return sum / Math.max(1, count);
  if (o.lossType === 'dr_grpo') return sum / (B * o.maxCompletionLength);
  return sum / o.numItemsInBatch;
}

describe('grpoLoss (CPU)', () => {
  for (const lossType of GRPO_LOSS_TYPES) {
    it(`${lossType}: the loss is TRL's, and the gradient equals finite differences (float64)`, () => {
      const c = makeCase(11), o = { ...BASE, lossType };
      const d = new Float64Array(c.n);
      const s = grpoLoss(d, c.lp, c.old, c.ref, c.A, c.mask, c.B, c.T, o);
      expect(s.loss).toBeCloseTo(trlLoss(c, o), 12);
      const live = [...c.mask.keys()].filter((i) => c.mask[i]);
      const f = () => grpoLoss(new Float64Array(c.n), c.lp, c.old, c.ref, c.A, c.mask, c.B, c.T, o).loss;
      const num = numericGrad(f, c.lp, 1e-6, live);
      expect(maxGradError(live.map((i) => d[i]), live.map((i) => num[i]))).toBeLessThan(1e-7);
      for (let i = 0; i < c.n; i++) if (!c.mask[i]) expect(d[i]).toBe(0);
    });
  }

  it('aggregations by hand: rows of 1 and 3 tokens, ratio 1, A = 1, β = 0', () => {
    const T = 4, lp = new Float64Array(8), mask = Float64Array.from([1, 0, 0, 0, 1, 1, 1, 0]), A = Float64Array.from([1, 1]);
    const loss = (lossType: GrpoLossOptions['lossType']) => {
      const d = new Float64Array(8);
      const s = grpoLoss(d, lp, lp, lp, A, mask, 2, T, { ...BASE, beta: 0, lossType, maxCompletionLength: 4, numItemsInBatch: 8 });
      return [s.loss, d[0], d[4]];
    };
    const close = (xs: number[]) => xs.map((x) => expect.closeTo(x, 14));
    expect(loss('grpo')).toEqual(close([-1, -0.5, -1 / 6]));
    expect(loss('bnpo')).toEqual(close([-1, -0.25, -0.25]));
    expect(loss('dr_grpo')).toEqual(close([-0.5, -0.125, -0.125]));
    expect(loss('dapo')).toEqual(close([-0.5, -0.125, -0.125]));
  });

  it('first update (logprob = old, ref = logprob): ratio ≡ 1, no clipping, KL 0, loss = −mean A', () => {
    const c = makeCase(5);
    const d = new Float64Array(c.n);
    const s = grpoLoss(d, c.old, c.old, c.old, c.A, c.mask, c.B, c.T, { ...BASE, lossType: 'grpo' });
    expect(s.clipRegion).toBe(0);
    expect(s.kl).toBe(0);
    expect(s.loss).toBeCloseTo(-c.A.reduce((a, b) => a + b, 0) / c.B, 12);
  });

  it('clip-higher: ratio 1.25 with A > 0 is clipped by ε = 0.2 but not by ε_high = 0.28; clipped tokens get no policy gradient', () => {
    const lp = Float64Array.from([Math.log(1.25), Math.log(0.7), Math.log(0.7)]), old = new Float64Array(3), mask = new Float64Array(3).fill(1);
    const A = Float64Array.from([1, -1, 1]);
    const run = (epsilonHigh: number) => {
      const d = new Float64Array(3);
      return { s: grpoLoss(d, lp, old, lp, A, mask, 3, 1, { ...BASE, beta: 0, epsilonHigh, lossType: 'bnpo' }), d };
    };
    const sym = run(0.2), high = run(0.28);
    expect(sym.s.clipHigh).toBeCloseTo(1 / 3, 12);
    expect(sym.d[0]).toBe(0);
    expect(high.s.clipHigh).toBe(0);
    expect(high.d[0]).toBeCloseTo(-1.25 / 3, 12);
    // ratio 0.7 < 0.8: clipped when A < 0 (low), not when A > 0.
    expect(high.s.clipLow).toBeCloseTo(1 / 3, 12);
    expect(high.d[1]).toBe(0);
    expect(high.d[2]).toBeCloseTo(-0.7 / 3, 12);
    expect(high.s.clipRegion).toBeCloseTo(high.s.clipLow + high.s.clipHigh, 12);
  });

  it('k3 is ≥ 0, zero at the reference, and its masked mean is the kl stat', () => {
    const lp = Float64Array.from([-1, -2, -0.5]), ref = Float64Array.from([-1, -1, -3]), mask = Float64Array.from([1, 1, 1]);
    const s = grpoLoss(new Float64Array(3), lp, lp, ref, new Float64Array(3), mask, 3, 1, { ...BASE, lossType: 'bnpo' });
    const k3 = (d: number) => Math.exp(d) - d - 1;
    expect(s.kl).toBeCloseTo((0 + k3(1) + k3(-2.5)) / 3, 12);
  });

  it('all-masked minibatch: loss 0, zero gradient, no NaN', () => {
    const c = makeCase(3, [0, 0]);
    for (const lossType of GRPO_LOSS_TYPES) {
      const d = new Float64Array(c.n).fill(9);
      const s = grpoLoss(d, c.lp, c.old, c.ref, c.A, c.mask, c.B, c.T, { ...BASE, lossType });
      expect(s).toEqual({ loss: 0, kl: 0, clipLow: 0, clipHigh: 0, clipRegion: 0, maskSum: 0 });
      expect(d.every((x) => x === 0)).toBe(true);
    }
  });
});
