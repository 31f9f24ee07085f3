import { afterAll, describe, expect, it } from 'vitest';
import { adamwUpdate as adamwUpdateCpu, clipScale, gradNormSquared as gradNormSquaredCpu } from '../../cpu/adamw';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { adamwUpdate, gradNormSquared } from './adamw';

const variants = await gpuVariants();
const worst = { normSq: 0, params: 0, m: 0, v: 0 };
afterAll(() => {
  console.log(`adamw max: normSq ${worst.normSq.toExponential(2)} (relative), params ${worst.params.toExponential(2)} (abs), m ${worst.m.toExponential(2)}, v ${worst.v.toExponential(2)} (relative to max)`);
  destroyAll(variants);
});

// Tolerances. normSq: 1e-5 relative (float32 tree sum of ≤ 70k squares vs float64). params: 2e-6
// absolute after 10 steps — each step moves a parameter by ≤ lr = 1e-2 with a float32 relative error
// ~1e-6 (1e-8), plus float32 storage (ulp(1) = 1.2e-7) for 10 steps. m, v: 1e-6 of the array's
// largest entry (≈ 8 float32 ulp of the largest term; see relToMax).
const TOL = { normSq: 1e-5, params: 2e-6, mv: 1e-6 };

/**
 * max |GPU−CPU| / max |CPU|: m = β1·m + (1−β1)·g cancels to near 0 for many entries, so an entry's
 * own size says nothing about its float32 error; the size of the terms (≤ the array's largest entry) does.
 */
function relToMax(got: Float32Array, want: Float32Array): number {
  const scale = want.reduce((s, x) => Math.max(s, Math.abs(x)), 0);
  return maxAbsDiff(got, want) / Math.max(scale, 1e-30);
}

async function gpuNormSq(rt: GpuRuntime, g: Float32Array): Promise<number> {
  const vg = rt.tensorFrom(g), out = rt.tensor(1);
  await rt.run('grad norm', (rec) => gradNormSquared(rec, out, vg, g.length));
  const [x] = await rt.read(out);
  rt.free(vg);
  rt.free(out);
  return x;
}

describe.skipIf(variants.length === 0)('adamw kernels (GPU vs CPU)', () => {
  it('covers both reduction paths', () => {
    expect(variants.map((v) => v.name)).toContain('no-subgroups');
    if (process.env.CI === 'true') expect(variants.map((v) => v.name)).toContain('subgroups');
  });

  for (const v of variants) {
    describe(v.name, () => {
      // 1: one element; 300: two partial workgroups; 70_001: the 256-workgroup cap (≈ 1.07 strides each).
      for (const n of [1, 300, 10_007, 70_001]) {
        it(`gradNormSquared n=${n}: within ${TOL.normSq} relative, bit-identical on a rerun`, async () => {
          const g = new Rng(n).normalArray(n, n === 300 ? 50 : 1);
          const a = await gpuNormSq(v.rt, g), b = await gpuNormSq(v.rt, g);
          const e = Math.abs(a - gradNormSquaredCpu(g, n)) / gradNormSquaredCpu(g, n);
          worst.normSq = Math.max(worst.normSq, e);
          expect(e).toBeLessThan(TOL.normSq);
          expect(Object.is(a, b)).toBe(true);
        });
      }

      const cases = [
        { label: 'clipping active', maxNorm: 1, wd: 0.1 },
        { label: 'clipping inactive', maxNorm: 1e6, wd: 0.01 },
        { label: 'clipping off', maxNorm: 0, wd: 0 },
      ];
      for (const c of cases) {
        it(`10 steps (t = 1 … 10) on 10,007 params, ${c.label}: params, m, v match the CPU`, async () => {
          const n = 10_007, lr = 1e-2, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
          const rng = new Rng(123);
          const p = rng.normalArray(n), m = new Float32Array(n), vv = new Float32Array(n);
          const rt = v.rt;
          const gp = rt.tensorFrom(p), gm = rt.tensorFrom(m), gv = rt.tensorFrom(vv), gg = rt.tensor(n), gnorm = rt.tensor(1);
          let clipped = 0;
          for (let t = 1; t <= 10; t++) {
            const grads = rng.normalArray(n, t % 4 === 0 ? 0.5 : 0.02); // ‖g‖ ≈ 2 or 50: clip or not
            rt.upload(gg, grads);
            await rt.run(`adamw step ${t}`, (rec) => {
              gradNormSquared(rec, gnorm, gg, n);
              adamwUpdate(rec, gp, gg, gm, gv, n, lr, beta1, beta2, eps, c.wd, t, gnorm, c.maxNorm);
            });
            const normSq = gradNormSquaredCpu(grads, n);
            if (clipScale(normSq, c.maxNorm) < 1) clipped++;
            adamwUpdateCpu(p, grads, m, vv, n, lr, beta1, beta2, eps, c.wd, t, normSq, c.maxNorm);
            const [gotP, gotM, gotV] = (await rt.readMany([gp, gm, gv])).map((b) => new Float32Array(b));
            const e = { params: maxAbsDiff(gotP, p), m: relToMax(gotM, m), v: relToMax(gotV, vv) };
            worst.params = Math.max(worst.params, e.params);
            worst.m = Math.max(worst.m, e.m);
            worst.v = Math.max(worst.v, e.v);
            expect(e.params, `params at t=${t}`).toBeLessThan(TOL.params);
            expect(e.m, `m at t=${t}`).toBeLessThan(TOL.mv);
            expect(e.v, `v at t=${t}`).toBeLessThan(TOL.mv);
          }
          [gp, gm, gv, gg, gnorm].forEach((x) => rt.free(x));
          expect(clipped > 0).toBe(c.maxNorm === 1); // the cases really exercise (or not) the clipping
        });
      }
    });
  }
});
