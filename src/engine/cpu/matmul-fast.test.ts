import { describe, expect, it } from 'vitest';
import { maxScaledDiff } from '../tensor/compare';
import { Rng } from '../tensor/rng';
import { matmulBackward, matmulForward } from './matmul';
import { matmulBackwardFast, matmulForwardFast } from './matmul-fast';

describe('fast CPU matmul equals the reference', () => {
  for (const [N, C, OC] of [[1, 1, 1], [7, 5, 3], [64, 48, 144], [9, 192, 48], [13, 48, 1]]) {
    it(`N=${N} C=${C} OC=${OC}, with and without bias, accumulating backward`, () => {
      const r = new Rng(N * 100 + C + OC);
      const inp = r.normalArray(N * C, 3), w = r.normalArray(OC * C), b = r.normalArray(OC), dout = r.normalArray(N * OC);
      for (const bias of [b, null]) {
        const o1 = new Float32Array(N * OC), o2 = new Float32Array(N * OC);
        matmulForward(o1, inp, w, bias, N, C, OC);
        matmulForwardFast(o2, inp, w, bias, N, C, OC);
        expect(maxScaledDiff(o2, o1)).toBeLessThan(1e-6);
        const init = r.normalArray(N * C), initW = r.normalArray(OC * C), initB = r.normalArray(OC);
        const [di1, dw1, db1] = [init.slice(), initW.slice(), initB.slice()];
        const [di2, dw2, db2] = [init.slice(), initW.slice(), initB.slice()];
        matmulBackward(di1, dw1, bias ? db1 : null, dout, inp, w, N, C, OC);
        matmulBackwardFast(di2, dw2, bias ? db2 : null, dout, inp, w, N, C, OC);
        expect(maxScaledDiff(di2, di1)).toBeLessThan(1e-6);
        expect(maxScaledDiff(dw2, dw1)).toBeLessThan(1e-6);
        expect(maxScaledDiff(db2, db1)).toBeLessThan(1e-6);
      }
    });
  }
});
