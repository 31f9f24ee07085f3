import { afterAll, describe, expect, it } from 'vitest';
import { layernormBackward as layernormBackwardCpu, layernormForward as layernormForwardCpu } from '../../cpu/layernorm';
import { maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { residualForward } from './residual';
import { layernormBackward, layernormForward, residualLayernormForward } from './layernorm';

const variants = await gpuVariants();
const worst: Record<string, number> = {};
afterAll(() => {
  console.log(`layernorm max |GPU−CPU|/max(1,|CPU|) (dinp: /max(1,|CPU|,rstd·max|g|)): ${Object.entries(worst).map(([k, e]) => `${k} ${e.toExponential(2)}`).join(', ')}`);
  destroyAll(variants);
});

// Tolerance 1e-5 on |GPU−CPU| / max(1, |CPU|) for every output (for dinp, relative to its error
// scale rstd·max|weight·dout|, see dinpError): float32 reductions over C (or N) ≤ 131 terms against float64.
const TOL = 1e-5;

/** GPU forward then GPU backward on the GPU's own mean/rstd, in one recording, as the model runs it. */
async function gpu(rt: GpuRuntime, N: number, C: number, inp: Float32Array, weight: Float32Array, bias: Float32Array, dout: Float32Array, grads0: Float32Array[]) {
  const v = [inp, weight, bias, dout, new Float32Array(N * C), new Float32Array(N), new Float32Array(N), ...grads0].map((a) => rt.tensorFrom(a));
  const [vi, vw, vb, vd, out, mean, rstd, dinp, dweight, dbias] = v;
  await rt.run('layernorm', (rec) => {
    layernormForward(rec, out, mean, rstd, vi, vw, vb, N, C);
    layernormBackward(rec, dinp, dweight, dbias, vd, vi, vw, mean, rstd, N, C);
  });
  const r = (await rt.readMany(v.slice(4))).map((b) => new Float32Array(b));
  v.forEach((a) => rt.free(a));
  return { out: r[0], mean: r[1], rstd: r[2], dinp: r[3], dweight: r[4], dbias: r[5] };
}

async function check(rt: GpuRuntime, N: number, C: number, inp: Float32Array, seed: number) {
  const rng = new Rng(seed);
  const weight = rng.normalArray(C, 0.5, 1), bias = rng.normalArray(C), dout = rng.normalArray(N * C);
  const grads0 = [rng.normalArray(N * C), rng.normalArray(C), rng.normalArray(C)]; // non-zero: backward must add
  const got = await gpu(rt, N, C, inp, weight, bias, dout, grads0);
  const want = { out: new Float32Array(N * C), mean: new Float32Array(N), rstd: new Float32Array(N), dinp: Float32Array.from(grads0[0]), dweight: Float32Array.from(grads0[1]), dbias: Float32Array.from(grads0[2]) };
  layernormForwardCpu(want.out, want.mean, want.rstd, inp, weight, bias, N, C);
  layernormBackwardCpu(want.dinp, want.dweight, want.dbias, dout, inp, weight, want.mean, want.rstd, N, C);
  for (const k of Object.keys(want) as (keyof typeof want)[]) {
    const e = k === 'dinp' ? dinpError(got.dinp, want.dinp, want.rstd, weight, dout, N, C) : maxScaledDiff(got[k], want[k]);
    worst[k] = Math.max(worst[k] ?? 0, e);
    expect(e, k).toBeLessThan(TOL);
  }
  return { got, bias };
}

/**
 * |GPU−CPU| of dinp relative to the scale its float32 error has: dinp += rstd·(g − mean(g) − x̂·mean(g·x̂))
 * with g = weight·dout, so rounding errors are ∝ rstd·max|g| — 316× larger for a constant row
 * (rstd = 1/√eps) than for a unit-variance one, whatever the size of the result.
 */
function dinpError(got: Float32Array, want: Float32Array, rstd: Float32Array, weight: Float32Array, dout: Float32Array, N: number, C: number): number {
  let worstRow = 0;
  for (let n = 0; n < N; n++) {
    let gMax = 0;
    for (let c = 0; c < C; c++) gMax = Math.max(gMax, Math.abs(weight[c] * dout[n * C + c]));
    for (let c = 0; c < C; c++) {
      const i = n * C + c;
      if (Number.isNaN(got[i])) return Infinity;
      worstRow = Math.max(worstRow, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]), rstd[n] * gMax));
    }
  }
  return worstRow;
}

describe.skipIf(variants.length === 0)('layernorm kernel (GPU vs CPU)', () => {
  it('covers both reduction paths', () => {
    expect(variants.map((v) => v.name)).toContain('no-subgroups');
    if (process.env.CI === 'true') expect(variants.map((v) => v.name)).toContain('subgroups');
  });

  for (const v of variants) {
    describe(v.name, () => {
      const shapes: [number, number][] = [[1, 1], [1, 7], [5, 48], [3, 65], [7, 130], [64, 48], [131, 3]];
      for (const [N, C] of shapes) {
        it(`N=${N} C=${C}, random rows: forward and backward within ${TOL}`, async () => {
          const inp = new Rng(N * 1000 + C).normalArray(N * C, 2, 0.5);
          await check(v.rt, N, C, inp, N + C);
        });
      }

      it('±50 pre-activations, rows offset by +50, constant rows (variance 0: out = bias, no NaN)', async () => {
        const N = 6, C = 37;
        const rng = new Rng(77);
        const inp = new Float32Array(N * C);
        for (let c = 0; c < C; c++) {
          inp[c] = rng.uniform() < 0.5 ? -50 : 50; // row 0: ±50
          inp[C + c] = 50 + rng.normal(); // row 1: large offset, unit spread
          inp[2 * C + c] = 0.3; // rows 2–4: constant
          inp[3 * C + c] = -2;
          inp[4 * C + c] = 1e4;
          inp[5 * C + c] = rng.uniform(); // row 5: ordinary
        }
        const { got, bias } = await check(v.rt, N, C, inp, 78);
        expect(Object.values(got).every((a) => a.every(Number.isFinite))).toBe(true);
        for (const n of [2, 3, 4]) expect([...got.out.slice(n * C, (n + 1) * C)]).toEqual([...bias]); // exact: x − mean = 0
      });
    });
  }

  // The residual connection and the layernorm after it in one dispatch (the model's forward).
  for (const v of variants) {
    for (const [N, C] of [[1, 1], [5, 48], [7, 130], [64, 48], [3, 65]] as const) {
      it(`${v.name}: residual + layernorm fused, N=${N} C=${C}: = residual then layernorm bit for bit, and within ${TOL} of the CPU references`, async () => {
        const r = new Rng(N * 7 + C);
        const a = r.normalArray(N * C, 3), b = r.normalArray(N * C, 0.5, 20), weight = r.normalArray(C, 0.5, 1), bias = r.normalArray(C);
        if (N > 1) for (let c = 0; c < C; c++) { a[c] = 1.5; b[c] = -0.25; } // a constant row: variance 0
        const ins = [a, b, weight, bias].map((x) => v.rt.tensorFrom(x));
        const outs = Array.from({ length: 8 }, (_, i) => v.rt.tensorFrom(new Float32Array(i % 4 < 2 ? N * C : N).fill(9)));
        await v.rt.run('residual + layernorm', (rec) => {
          residualLayernormForward(rec, outs[0], outs[1], outs[2], outs[3], ins[0], ins[1], ins[2], ins[3], N, C);
          residualForward(rec, outs[4], ins[0], ins[1], N * C);
          layernormForward(rec, outs[5], outs[6], outs[7], outs[4], ins[2], ins[3], N, C);
        });
        const got = (await v.rt.readMany(outs)).map((x) => new Float32Array(x));
        for (const v2 of [...ins, ...outs]) v.rt.free(v2);
        for (let i = 0; i < 4; i++) expect(got[i], ['res', 'out', 'mean', 'rstd'][i]).toEqual(got[i + 4]);
        const res = new Float32Array(N * C), out = new Float32Array(N * C), mean = new Float32Array(N), rstd = new Float32Array(N);
        for (let i = 0; i < N * C; i++) res[i] = a[i] + b[i];
        layernormForwardCpu(out, mean, rstd, res, weight, bias, N, C);
        expect(got[0]).toEqual(res);
        expect(maxScaledDiff(got[1], out)).toBeLessThan(TOL);
        expect(maxScaledDiff(got[2], mean)).toBeLessThan(TOL);
        expect(maxScaledDiff(got[3], rstd)).toBeLessThan(TOL);
      });
    }
  }
});
