import { describe, expect, it } from 'vitest';
import { seqLogprobBackward, seqLogprobForward } from './seq-logprob';

describe('sequence log-prob sums (CPU)', () => {
  it('sums each row over its real tokens; garbage at masked positions never leaks', () => {
    const x = Float64Array.from([-1, -2, NaN, -0.5, 1e30, 1e30]), mask = Float64Array.from([1, 1, 0, 1, 0, 0]);
    const out = new Float64Array(2);
    seqLogprobForward(out, x, mask, 2, 3);
    expect(Array.from(out)).toEqual([-3, -0.5]);
  });

  it('backward accumulates m·dout into every real token of the row (the exact gradient of a sum)', () => {
    const mask = Float64Array.from([1, 1, 0, 1, 0, 0]), dx = new Float64Array(6).fill(1);
    seqLogprobBackward(dx, Float64Array.from([2, -3]), mask, 2, 3);
    expect(Array.from(dx)).toEqual([3, 3, 1, -2, 1, 1]);
  });
});
