import { describe, expect, it } from 'vitest';
import { maxGradError, numericGrad } from '../cpu/testing/finite-diff';
import { Rng } from '../tensor/rng';
import { dpoLoss, DPO_LOSS_TYPES } from './dpo-loss';

function makeCase(seed: number, N = 7) {
  const rng = new Rng(seed);
  const logps = Float64Array.from(rng.uniformArray(2 * N, -20, -2));
  const ref = Float64Array.from(logps, (x) => x + rng.normal());
  const lengths = Float64Array.from({ length: 2 * N }, () => 1 + rng.int(12));
  return { N, logps, ref, lengths };
}

describe('dpoLoss (CPU)', () => {
  it('sigmoid, hand-computed: one pair with log-ratios 1 and −1, β = 0.5', () => {
    const d = new Float64Array(2);
    const s = dpoLoss(d, Float64Array.from([-3, -6]), Float64Array.from([-4, -5]), Float64Array.from([2, 2]), 1, 0.5, 'sigmoid');
    // h = 1 − (−1) = 2, βh = 1: loss = log(1 + e^−1), ∂/∂ℓ_c = −β·σ(−1)
    expect(s.loss).toBeCloseTo(Math.log1p(Math.exp(-1)), 12);
    expect(d[0]).toBeCloseTo(-0.5 / (1 + Math.E), 12);
    expect(d[1]).toBeCloseTo(0.5 / (1 + Math.E), 12);
    expect(s).toMatchObject({ rewardsChosen: 0.5, rewardsRejected: -0.5, accuracies: 1, margins: 1 });
  });

  it('ipo, hand-computed: per-token log-ratios, (h′ − 1/(2β))²', () => {
    const d = new Float64Array(2);
    const s = dpoLoss(d, Float64Array.from([-3, -6]), Float64Array.from([-4, -5]), Float64Array.from([2, 4]), 1, 0.5, 'ipo');
    const h = 1 / 2 - -1 / 4; // 0.75
    expect(s.loss).toBeCloseTo((h - 1) ** 2, 12);
    expect(d[0]).toBeCloseTo((2 * (h - 1)) / 2, 12);
    expect(d[1]).toBeCloseTo((-2 * (h - 1)) / 4, 12);
    // TRL's implicit rewards are β·log-ratio for every loss type.
    expect(s.rewardsChosen).toBe(0.5);
  });

  for (const lossType of DPO_LOSS_TYPES) {
    it(`${lossType}: gradient = finite differences (float64), 7 pairs`, () => {
      const c = makeCase(4);
      const d = new Float64Array(2 * c.N);
      dpoLoss(d, c.logps, c.ref, c.lengths, c.N, 0.1, lossType);
      const num = numericGrad(() => dpoLoss(new Float64Array(2 * c.N), c.logps, c.ref, c.lengths, c.N, 0.1, lossType).loss, c.logps);
      expect(maxGradError(d, num)).toBeLessThan(1e-7);
    });
  }

  it('at the reference (policy = ref): sigmoid loss log 2, zero rewards and margins, accuracy 0 (ties do not count)', () => {
    const c = makeCase(8, 5);
    const s = dpoLoss(new Float64Array(10), c.ref, c.ref, c.lengths, 5, 0.1, 'sigmoid');
    expect(s.loss).toBeCloseTo(Math.LN2, 12);
    expect(s).toMatchObject({ rewardsChosen: 0, rewardsRejected: 0, margins: 0, accuracies: 0 });
  });

  it('extreme margins stay finite (−log σ(±500))', () => {
    const d = new Float64Array(4);
    const s = dpoLoss(d, Float64Array.from([0, -5000, -5000, 0]), new Float64Array(4), Float64Array.from([1, 1, 1, 1]), 2, 0.1, 'sigmoid');
    expect(s.loss).toBeCloseTo(500 / 2, 6);
    expect(d.every(Number.isFinite)).toBe(true);
    expect(s.accuracies).toBe(0.5);
  });

  it('N = 0 gives zero stats; β ≤ 0 is refused', () => {
    expect(dpoLoss(new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0), 0, 0.1, 'ipo').loss).toBe(0);
    expect(() => dpoLoss(new Float64Array(2), new Float64Array(2), new Float64Array(2), new Float64Array(2), 1, 0, 'sigmoid')).toThrow(/beta/);
  });
});
