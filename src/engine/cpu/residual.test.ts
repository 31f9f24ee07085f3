import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { residualBackward, residualForward } from './residual';
import { dot, maxGradError, numericGrad, toF64 } from './testing/finite-diff';

describe('residual (CPU reference)', () => {
  it('adds elementwise (hand-computed)', () => {
    const out = new Float32Array(3);
    residualForward(out, Float32Array.from([1, -2, 0.5]), Float32Array.from([10, 2, 0.25]), 3);
    expect([...out]).toEqual([11, 0, 0.75]);
  });

  it('backward accumulates dout into both branches and matches finite differences', () => {
    const n = 13;
    const rng = new Rng(4);
    const a = toF64(rng.normalArray(n)), b = toF64(rng.normalArray(n)), w = toF64(rng.normalArray(n));
    const out = new Float64Array(n);
    const loss = () => { residualForward(out, a, b, n); return dot(w, out); };
    const da = toF64(rng.normalArray(n)), db = toF64(rng.normalArray(n));
    const da0 = Float64Array.from(da), db0 = Float64Array.from(db);
    residualBackward(da, db, w, n);
    for (let i = 0; i < n; i++) {
      expect(da[i]).toBeCloseTo(da0[i] + w[i], 12);
      expect(db[i]).toBeCloseTo(db0[i] + w[i], 12);
    }
    expect(maxGradError(da.map((x, i) => x - da0[i]), numericGrad(loss, a))).toBeLessThan(1e-6);
    expect(maxGradError(db.map((x, i) => x - db0[i]), numericGrad(loss, b))).toBeLessThan(1e-6);
  });
});
