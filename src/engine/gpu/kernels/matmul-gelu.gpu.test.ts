import { afterAll, describe, expect, it } from 'vitest';
import { geluBackward as geluBackwardCpu, geluForward as geluForwardCpu } from '../../cpu/gelu';
import { matmulBackward as matmulBackwardCpu, matmulForward as matmulForwardCpu } from '../../cpu/matmul';
import { maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { geluBackward, geluForward } from './gelu';
import { matmulBackward, matmulForward, matmulGeluBackward, matmulGeluForward } from './matmul';

// The MLP's fused kernels: fc + GELU forward (gemm_bias_gelu) and the second layer's backward
// through GELU (matmul_backward.wgsl with GELU). Two checks each:
// - the fused dispatch equals the separate kernels it replaces (matmul then gelu) bit for bit,
//   on both reduction paths — fusion must not change a number;
// - against the CPU references (cpu/matmul.ts, cpu/gelu.ts): the product within the float32
//   dot-product bound γ_{K+2}·Σ|x y| (as matmul.gpu.test.ts), the GELU part within gelu.gpu.test.ts's
//   1e-5 (scaled) of the CPU's GELU applied to the GPU's own product.
const variants = await gpuVariants();
afterAll(() => destroyAll(variants));
const U = 2 ** -24, gamma = (n: number) => (n * U) / (1 - n * U);
const abs = (x: Float32Array) => x.map(Math.abs);

function withinBound(got: Float32Array, want: Float32Array, mag: Float32Array, K: number): number {
  let bad = 0;
  for (let i = 0; i < got.length; i++) if (!(Math.abs(got[i] - want[i]) <= gamma(K + 2) * mag[i] + 1e-30)) bad++;
  return bad;
}

async function forwards(rt: GpuRuntime, inp: Float32Array, w: Float32Array, b: Float32Array, N: number, C: number, OC: number) {
  const t = [inp, w, b].map((a) => rt.tensorFrom(a));
  const outs = [0, 1, 2, 3].map(() => rt.tensorFrom(new Float32Array(N * OC).fill(777)));
  await rt.run('fc + gelu', (rec) => {
    matmulGeluForward(rec, outs[0], outs[1], t[0], t[1], t[2], N, C, OC);
    matmulForward(rec, outs[2], t[0], t[1], t[2], N, C, OC);
    geluForward(rec, outs[3], outs[2], N * OC);
  });
  const [fused, fusedGelu, plain, plainGelu] = (await rt.readMany(outs)).map((x) => new Float32Array(x));
  for (const v of [...t, ...outs]) rt.free(v);
  return { fused, fusedGelu, plain, plainGelu };
}

async function backwards(rt: GpuRuntime, x: Record<string, Float32Array>, N: number, C: number, OC: number, bias: boolean) {
  const ins = [x.dout, x.inp, x.w, x.pre].map((a) => rt.tensorFrom(a));
  const [dout, inp, w, pre] = ins;
  const run = async (fused: boolean) => {
    const g = [x.dinp0, x.dpre0, x.dw0, x.db0].map((a) => rt.tensorFrom(a));
    const [dinp, dpre, dw, db] = g;
    await rt.run('proj backward through gelu', (rec) => {
      if (fused) matmulGeluBackward(rec, dinp, dpre, dw, bias ? db : null, dout, inp, w, pre, N, C, OC);
      else {
        matmulBackward(rec, dinp, dw, bias ? db : null, dout, inp, w, N, C, OC);
        geluBackward(rec, dpre, pre, dinp, N * C);
      }
    });
    const r = (await rt.readMany(g)).map((a) => new Float32Array(a));
    for (const v of g) rt.free(v);
    return { dinp: r[0], dpre: r[1], dw: r[2], db: r[3] };
  };
  const fused = await run(true), plain = await run(false);
  for (const v of ins) rt.free(v);
  return { fused, plain };
}

describe.skipIf(variants.length === 0)('fused MLP kernels (GPU): fc + GELU forward, backward through GELU', () => {
  for (const v of variants) {
    describe(v.name, () => {
      // Tile edges (32), the model's MLP shapes (tiny C=48 → 192, small 128 → 512), N = 1, odd sizes.
      for (const [N, C, OC] of [[1, 1, 1], [1, 48, 192], [33, 17, 35], [45, 48, 192], [20, 128, 512], [7, 5, 3]] as const) {
        it(`forward N=${N} C=${C} OC=${OC}: = matmul then gelu bit for bit; within the bounds of the CPU references`, async () => {
          const r = new Rng(N * 31 + C * 7 + OC);
          const inp = r.normalArray(N * C), w = r.normalArray(OC * C, 0.3), b = r.normalArray(OC);
          const g = await forwards(v.rt, inp, w, b, N, C, OC);
          expect(g.fused).toEqual(g.plain);
          expect(g.fusedGelu).toEqual(g.plainGelu);
          const want = new Float32Array(N * OC), mag = new Float32Array(N * OC), gelu = new Float32Array(N * OC);
          matmulForwardCpu(want, inp, w, b, N, C, OC);
          matmulForwardCpu(mag, abs(inp), abs(w), abs(b), N, C, OC);
          expect(withinBound(g.fused, want, mag, C)).toBe(0);
          geluForwardCpu(gelu, g.fused, N * OC);
          expect(maxScaledDiff(g.fusedGelu, gelu)).toBeLessThan(1e-5);
        });
        for (const bias of [true, false]) {
          it(`backward N=${N} C=${OC} OC=${C} ${bias ? 'bias' : 'no bias'} (input = gelu(pre)): = matmul backward then gelu backward bit for bit; within the CPU bounds`, async () => {
            // The MLP's second layer: input (N, 4C) = gelu(pre), output (N, C). Here its C is OC above.
            const r = new Rng(N * 13 + C + OC * 3 + (bias ? 1 : 0));
            const Cin = OC, Cout = C;
            const pre = r.normalArray(N * Cin, 2);
            const inp = new Float32Array(N * Cin);
            geluForwardCpu(inp, pre, N * Cin);
            const x = { pre, inp, w: r.normalArray(Cout * Cin, 0.3), dout: r.normalArray(N * Cout), dinp0: r.normalArray(N * Cin), dpre0: r.normalArray(N * Cin), dw0: r.normalArray(Cout * Cin), db0: r.normalArray(Cout) };
            const { fused, plain } = await backwards(v.rt, x, N, Cin, Cout, bias);
            for (const k of ['dinp', 'dpre', 'dw', 'db'] as const) expect(fused[k], k).toEqual(plain[k]);
            if (!bias) expect(fused.db).toEqual(x.db0);
            const want = { dinp: x.dinp0.slice(), dw: x.dw0.slice(), db: x.db0.slice() }, mag = { dinp: abs(x.dinp0), dw: abs(x.dw0), db: abs(x.db0) };
            matmulBackwardCpu(want.dinp, want.dw, bias ? want.db : null, x.dout, x.inp, x.w, N, Cin, Cout);
            matmulBackwardCpu(mag.dinp, mag.dw, bias ? mag.db : null, abs(x.dout), abs(x.inp), abs(x.w), N, Cin, Cout);
            expect(withinBound(fused.dinp, want.dinp, mag.dinp, Cout)).toBe(0);
            expect(withinBound(fused.dw, want.dw, mag.dw, N)).toBe(0);
            if (bias) expect(withinBound(fused.db, want.db, mag.db, N)).toBe(0);
            const dpre = x.dpre0.slice();
            geluBackwardCpu(dpre, pre, fused.dinp, N * Cin);
            expect(maxScaledDiff(fused.dpre, dpre)).toBeLessThan(1e-5);
          });
        }
      }
      it('extreme pre-activations (±50, ±1e4): GELU parts finite and equal to the separate kernels', async () => {
        const N = 5, Cin = 8, Cout = 3, r = new Rng(3);
        const pre = Float32Array.from({ length: N * Cin }, (_, i) => [50, -50, 1e4, -1e4, 0, 9.5, -9.5, 3][i % 8]);
        const inp = new Float32Array(N * Cin);
        geluForwardCpu(inp, pre, N * Cin);
        const x = { pre, inp, w: r.normalArray(Cout * Cin), dout: r.normalArray(N * Cout), dinp0: new Float32Array(N * Cin), dpre0: new Float32Array(N * Cin), dw0: new Float32Array(Cout * Cin), db0: new Float32Array(Cout) };
        const { fused, plain } = await backwards(v.rt, x, N, Cin, Cout, true);
        expect(fused.dpre).toEqual(plain.dpre);
        expect(fused.dpre.every(Number.isFinite)).toBe(true);
        const f = await forwards(v.rt, pre, r.normalArray(4 * 8), new Float32Array(4), N, Cin, 4);
        expect(f.fusedGelu).toEqual(f.plainGelu);
      });
    });
  }
});
