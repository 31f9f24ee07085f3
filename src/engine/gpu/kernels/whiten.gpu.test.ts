import { afterAll, describe, expect, it } from 'vitest';
import { whitenMasked as whitenCpu } from '../../rl/whiten';
import { maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { whitenMasked } from './whiten';

const variants = await gpuVariants();
let worst = 0;
afterAll(() => {
  console.log(`whiten worst scaled |GPU−CPU|: ${worst.toExponential(2)}`);
  destroyAll(variants);
});

// Scaled tolerance (absolute below 1, relative above; outputs are O(1) standard scores, or carry the
// mean when shiftMean = false). Float32 sums of up to n/WG terms per thread plus a WG-term tree:
// relative error ~1e-6 on mean and std at these sizes.
const TOL = 1e-5;

async function gpu(rt: GpuRuntime, x: Float32Array, mask: Float32Array, shiftMean: boolean) {
  const n = x.length;
  const a = rt.tensorFrom(x), m = rt.tensorFrom(mask), out = rt.tensorFrom(new Float32Array(n).fill(NaN));
  await rt.run('whiten test', (rec) => whitenMasked(rec, out, a, m, n, shiftMean));
  const got = await rt.read(out);
  for (const v of [a, m, out]) rt.free(v);
  return got;
}

async function check(rt: GpuRuntime, x: Float32Array, mask: Float32Array, shiftMean: boolean) {
  const got = await gpu(rt, x, mask, shiftMean);
  const want = new Float32Array(x.length);
  whitenCpu(want, x, mask, x.length, shiftMean);
  const err = maxScaledDiff(got, want);
  worst = Math.max(worst, err);
  expect(err).toBeLessThan(TOL);
  return got;
}

function randomCase(seed: number, n: number, scale: number, offset: number, keep = 0.7) {
  const rng = new Rng(seed);
  const x = rng.normalArray(n, scale, offset);
  const mask = new Float32Array(n).map(() => (rng.uniform() < keep ? 1 : 0));
  if (n > 0) mask[rng.int(n)] = 1; // at least one real element
  for (let i = 0; i < n; i++) if (!mask[i]) x[i] = i % 2 ? 1e30 : -1e30; // garbage must not leak
  return { x, mask };
}

describe.skipIf(variants.length === 0)('whiten kernel (GPU vs CPU)', () => {
  it('covers both reduction paths', () => {
    expect(variants.map((v) => v.name)).toContain('no-subgroups');
    if (process.env.CI === 'true') expect(variants.map((v) => v.name)).toContain('subgroups');
  });

  for (const v of variants) {
    describe(v.name, () => {
      // n = 1, n below / at / above the workgroup size (256), several strides.
      for (const n of [1, 7, 255, 256, 257, 1000, 3001]) {
        for (const shiftMean of [true, false]) {
          it(`n=${n} shiftMean=${shiftMean}`, async () => {
            const { x, mask } = randomCase(n * 3 + (shiftMean ? 1 : 0), n, 2, 0.5);
            const got = await check(v.rt, x, mask, shiftMean);
            for (let i = 0; i < n; i++) if (!mask[i]) expect(got[i]).toBe(0);
          });
        }
      }

      it('the GPU result has masked mean 0 and masked variance 1', async () => {
        const { x, mask } = randomCase(77, 777, 3, -2);
        const y = await check(v.rt, x, mask, true);
        let sm = 0, s = 0, s2 = 0;
        for (let i = 0; i < y.length; i++) if (mask[i]) { sm += 1; s += y[i]; s2 += y[i] * y[i]; }
        expect(Math.abs(s / sm)).toBeLessThan(1e-5);
        expect(s2 / sm - (s / sm) ** 2).toBeCloseTo(1, 4);
      });

      it('huge values (±1e4, offset 1e4) in both modes', async () => {
        for (const shiftMean of [true, false]) {
          const rng = new Rng(shiftMean ? 5 : 6);
          const x = rng.uniformArray(600, -1e4, 1e4).map((y) => y + 1e4);
          const mask = new Float32Array(600).map((_, i) => (i % 9 === 4 ? 0 : 1));
          await check(v.rt, x, mask, shiftMean);
        }
      });

      it('all-masked input gives zeros (no NaN) in both modes', async () => {
        const x = new Rng(8).normalArray(300, 5);
        for (const shiftMean of [true, false]) {
          expect([...(await gpu(v.rt, x, new Float32Array(300), shiftMean))].every((y) => y === 0)).toBe(true);
        }
      });

      it('constant input (var = 0): zeros, or the constant with shiftMean = false', async () => {
        // Not compared at TOL: with var = 0, rsqrt(var + 1e-8) = 1e4 amplifies the float32 rounding of
        // the mean (ulp(0.1) ≈ 7.5e-9) to ~1e-4. Bounded instead: a few ulp × 1e4 < 1e-3.
        const x = new Float32Array(100).fill(0.1);
        const mask = new Float32Array(100).fill(1);
        const y = await gpu(v.rt, x, mask, true);
        expect(Math.max(...y.map(Math.abs))).toBeLessThan(1e-3);
        const z = await gpu(v.rt, x, mask, false);
        expect(Math.max(...z.map((w) => Math.abs(w - 0.1)))).toBeLessThan(1e-3);
      });
    });
  }

  it('rejects short views and in-place use', async () => {
    const rt = variants[0].rt;
    const a = rt.tensor(64), b = rt.tensor(64);
    await expect(rt.run('bad', (rec) => whitenMasked(rec, a, b, b, 100))).rejects.toThrow(RangeError);
    await expect(rt.run('bad', (rec) => whitenMasked(rec, a, a, b, 64))).rejects.toThrow(RangeError);
    rt.free(a);
    rt.free(b);
  });
});
