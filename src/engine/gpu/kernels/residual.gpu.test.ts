import { afterAll, describe, expect, it } from 'vitest';
import { residualBackward as residualBackwardCpu, residualForward as residualForwardCpu } from '../../cpu/residual';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { residualBackward, residualForward } from './residual';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

// IEEE float32 addition is correctly rounded in WGSL, and so is the CPU's float64 sum of two
// float32s rounded back to float32: the results must agree bit for bit (tolerance 0).
async function gpu(rt: GpuRuntime, a: Float32Array, b: Float32Array, dout: Float32Array, da0: Float32Array, db0: Float32Array, n: number) {
  const v = [a, b, dout, new Float32Array(n), da0, db0].map((x) => rt.tensorFrom(x));
  await rt.run('residual', (rec) => {
    residualForward(rec, v[3], v[0], v[1], n);
    residualBackward(rec, v[4], v[5], v[2], n);
  });
  const [out, da, db] = (await rt.readMany(v.slice(3))).map((x) => new Float32Array(x));
  v.forEach((x) => rt.free(x));
  return { out, da, db };
}

describe.skipIf(variants.length === 0)('residual kernel (GPU vs CPU)', () => {
  const rt = variants[0]?.rt; // no reduction: one runtime suffices
  for (const [n, std] of [[1, 1], [255, 1], [1000, 1], [70_001, 1], [777, 50]] as const) {
    it(`n=${n} std=${std}: forward and accumulating backward equal the CPU exactly`, async () => {
      const rng = new Rng(n + std);
      const a = rng.normalArray(n, std), b = rng.normalArray(n, std), dout = rng.normalArray(n, std);
      const da0 = rng.normalArray(n), db0 = rng.normalArray(n); // non-zero: backward must add, not write
      const got = await gpu(rt, a, b, dout, da0, db0, n);
      const out = new Float32Array(n), da = Float32Array.from(da0), db = Float32Array.from(db0);
      residualForwardCpu(out, a, b, n);
      residualBackwardCpu(da, db, dout, n);
      expect(maxAbsDiff(got.out, out)).toBe(0);
      expect(maxAbsDiff(got.da, da)).toBe(0);
      expect(maxAbsDiff(got.db, db)).toBe(0);
    });
  }
});
