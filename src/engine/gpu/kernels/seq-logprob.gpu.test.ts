import { afterAll, describe, expect, it } from 'vitest';
import { seqLogprobBackward as cpuBackward, seqLogprobForward as cpuForward } from '../../rl/seq-logprob';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { seqLogprobBackward, seqLogprobForward } from './seq-logprob';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

// Masked row sums and their (accumulating) backward. Tolerance: a float32 sum of T terms is within
// T·u·Σ|x| of the exact sum in any order (Higham §4.2); the backward is one multiply-add per element
// (1 rounding each): 2u·(|dx| + |m·dout|).
describe.skipIf(variants.length === 0)('seq_logprob kernel (GPU vs CPU)', () => {
  const v = variants[0];
  for (const [B, T] of [[1, 1], [3, 7], [130, 33]] as const) {
    it(`B=${B} T=${T}: forward sums and accumulating backward, garbage at masked positions`, async () => {
      const rng = new Rng(B * 7 + T);
      const x = rng.uniformArray(B * T, -30, 0), mask = new Float32Array(B * T);
      for (let b = 0; b < B; b++) {
        const len = b % 5 === 4 ? 0 : 1 + rng.int(T);
        mask.fill(1, b * T, b * T + len);
        for (let t = len; t < T; t++) x[b * T + t] = t % 2 ? NaN : 1e30;
      }
      const dout = rng.normalArray(B, 3), dx0 = rng.normalArray(B * T);
      const [gx, gm, gout, gdout, gdx] = [rt(x), rt(mask), v.rt.tensor(B), rt(dout), rt(dx0)];
      function rt(a: Float32Array) { return v.rt.tensorFrom(a); }
      await v.rt.run('seq_logprob', (rec) => {
        seqLogprobForward(rec, gout, gx, gm, B, T);
        seqLogprobBackward(rec, gdx, gdout, gm, B, T);
      });
      const [out, dx] = (await v.rt.readMany([gout, gdx])).map((b) => new Float32Array(b));
      for (const t of [gx, gm, gout, gdout, gdx]) v.rt.free(t);
      const wantOut = new Float64Array(B), wantDx = Float64Array.from(dx0);
      cpuForward(wantOut, Float64Array.from(x), Float64Array.from(mask), B, T);
      cpuBackward(wantDx, Float64Array.from(dout), Float64Array.from(mask), B, T);
      for (let b = 0; b < B; b++) {
        let abs = 0;
        for (let t = 0; t < T; t++) if (mask[b * T + t]) abs += Math.abs(x[b * T + t]);
        expect(Math.abs(out[b] - wantOut[b])).toBeLessThanOrEqual(T * 2 ** -24 * abs);
      }
      for (let i = 0; i < B * T; i++) expect(Math.abs(dx[i] - wantDx[i])).toBeLessThanOrEqual(2 ** -23 * (Math.abs(dx0[i]) + Math.abs(dout[Math.floor(i / T)])));
    });
  }
});
