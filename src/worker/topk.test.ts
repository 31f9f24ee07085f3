import { describe, expect, it } from 'vitest';
import { topK } from './topk';

describe('topK', () => {
  it('is softmax(logits / temperature), most likely first, with the sampled token’s probability', () => {
    const r = topK([0, Math.log(3), Math.log(6)], 1, 2, 0);
    expect(r.tokens).toEqual([2, 1]);
    expect(r.probs[0]).toBeCloseTo(0.6, 12);
    expect(r.probs[1]).toBeCloseTo(0.3, 12);
    expect(r.sampledProb).toBeCloseTo(0.1, 12);
  });

  it('flattens with a higher temperature and survives huge logits', () => {
    const hot = topK([0, 2], 2, 2, 1), cold = topK([0, 2], 0.5, 2, 1);
    expect(hot.probs[0]).toBeLessThan(cold.probs[0]);
    const big = topK([1e4, 0, -1e4], 1, 3, 0);
    expect(big.probs[0]).toBe(1);
    expect(big.probs.every(Number.isFinite)).toBe(true);
  });
});
