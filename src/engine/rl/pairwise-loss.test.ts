import { describe, expect, it } from 'vitest';
import { logSigmoid, pairwiseLoss } from './pairwise-loss';

describe('pairwise reward-model loss', () => {
  it('matches −log σ(margin) by hand and counts accuracy', () => {
    const scores = Float32Array.from([2, 0, 1, /* rejected */ 1, 0, 3]);
    const d = new Float32Array(6);
    const s = pairwiseLoss(d, scores, 3);
    const expected = (Math.log(1 + Math.exp(-1)) + Math.log(2) + Math.log(1 + Math.exp(2))) / 3;
    expect(s.loss).toBeCloseTo(expected, 6);
    expect(s.accuracy).toBeCloseTo(1 / 3, 12);
  });

  it('has the finite-difference gradient', () => {
    const scores = Float32Array.from([0.3, -1.2, 2.5, 0.1, 0.4, -0.7, 1.1, -2]);
    const d = new Float32Array(8);
    pairwiseLoss(d, scores, 4);
    const f = (s: Float32Array) => pairwiseLoss(new Float32Array(8), s, 4).loss;
    for (let i = 0; i < 8; i++) {
      const h = 1e-3;
      const p = scores.slice(), m = scores.slice();
      p[i] += h;
      m[i] -= h;
      expect(d[i]).toBeCloseTo((f(p) - f(m)) / (2 * h), 4);
    }
  });

  it('is stable for huge margins', () => {
    expect(logSigmoid(1000)).toBe(-0);
    expect(logSigmoid(-1000)).toBe(-1000);
    const d = new Float32Array(2);
    const s = pairwiseLoss(d, Float32Array.from([-500, 500]), 1);
    expect(s.loss).toBeCloseTo(1000, 6);
    expect(Number.isFinite(d[0])).toBe(true);
  });
});
