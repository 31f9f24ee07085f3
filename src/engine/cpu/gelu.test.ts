import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { geluBackward, geluForward } from './gelu';
import { dot, maxGradError, numericGrad, toF64 } from './testing/finite-diff';

const gelu = (xs: number[]) => {
  const out = new Float64Array(xs.length);
  geluForward(out, Float64Array.from(xs), xs.length);
  return [...out];
};

describe('gelu (CPU reference, tanh approximation)', () => {
  it('matches published values of the tanh approximation', () => {
    // PyTorch F.gelu(x, approximate='tanh') at 1, −1, 0.5, 3 (differs from the erf GELU 0.841345 at 1).
    const want = [0.8411919906082768, -0.15880800939172324, 0.34571400982514394, 2.996362607918227];
    gelu([1, -1, 0.5, 3]).forEach((y, i) => expect(y).toBeCloseTo(want[i], 12));
    expect(gelu([0])[0]).toBe(0);
  });

  it('saturates to x and 0 at ±50 and beyond without NaN', () => {
    expect(gelu([50, -50, 1e4, -1e4, 1e20, -1e20])).toEqual([50, -0, 1e4, -0, 1e20, -0].map((y) => expect.closeTo(y, 9)));
    const d = new Float64Array(4);
    geluBackward(d, Float64Array.from([50, -50, 1e4, -1e4]), new Float64Array(4).fill(1), 4);
    expect([...d]).toEqual([1, 0, 1, 0]);
  });

  it('backward matches central finite differences (float64) on random and wide inputs', () => {
    for (const std of [1, 4, 50]) {
      const n = 41;
      const rng = new Rng(std);
      const x = toF64(rng.normalArray(n, std));
      const w = toF64(rng.normalArray(n));
      const out = new Float64Array(n);
      const loss = () => { geluForward(out, x, n); return dot(w, out); };
      const dinp = new Float64Array(n);
      geluBackward(dinp, x, w, n);
      expect(maxGradError(dinp, numericGrad(loss, x, 1e-6))).toBeLessThan(1e-6);
    }
  });

  it('backward accumulates (+=)', () => {
    const x = Float64Array.from([-2, 0.3, 1.7]);
    const d = Float64Array.from([10, 20, 30]);
    geluBackward(d, x, Float64Array.from([1, 1, 1]), 3);
    const fresh = new Float64Array(3);
    geluBackward(fresh, x, Float64Array.from([1, 1, 1]), 3);
    [10, 20, 30].forEach((d0, i) => expect(d[i]).toBeCloseTo(d0 + fresh[i], 12));
  });
});
