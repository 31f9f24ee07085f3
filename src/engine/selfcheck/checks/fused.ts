import { geluBackward as geluBackwardCpu, geluForward as geluForwardCpu } from '../../cpu/gelu';
import { layernormForward as layernormForwardCpu } from '../../cpu/layernorm';
import { matmulBackward as matmulBackwardCpu, matmulForward as matmulForwardCpu } from '../../cpu/matmul';
import { residualLayernormForward } from '../../gpu/kernels/layernorm';
import { matmulGeluBackward, matmulGeluForward } from '../../gpu/kernels/matmul';
import { maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// The fused kernels the model runs (matmul + GELU forward, backward through GELU, residual +
// layernorm), against the CPU references of the ops they fuse. Errors are reported as a fraction
// of each part's bound, so the tolerance is 1: the product within the float32 dot-product bound
// γ_{K+2}·Σ|x y| (as checks/matmul.ts), the GELU and layernorm parts within 1e-5 scaled (as
// checks/gelu.ts, checks/layernorm.ts) of the CPU op applied to the GPU's own inputs to it.
const N = 37, C = 48, H = 192; // the tiny preset's MLP, N not a multiple of the 32-row tile
const U = 2 ** -24, gamma = (n: number) => (n * U) / (1 - n * U);
const abs = (a: Float32Array) => a.map(Math.abs);

/** max over elements of |got − want| / (γ_{K+2}·mag), the fraction of the dot-product bound used. */
function boundFraction(got: Float32Array, want: Float32Array, mag: Float32Array, K: number): number {
  let f = 0;
  for (let i = 0; i < got.length; i++) f = Math.max(f, Number.isNaN(got[i]) ? Infinity : Math.abs(got[i] - want[i]) / (gamma(K + 2) * mag[i] + 1e-30));
  return f;
}

export const fusedChecks: KernelCheck[] = [
  {
    kernel: 'matmul',
    what: `gemm_bias_gelu N=${N} C=${C} OC=${H}: fc and GELU, as a fraction of their bounds`,
    tolerance: 1,
    async run(rt) {
      const r = new Rng(71);
      const x = { inp: r.normalArray(N * C), w: r.normalArray(H * C, 0.3), b: r.normalArray(H) };
      const v = [x.inp, x.w, x.b].map((a) => rt.tensorFrom(a));
      const out = rt.tensor(N * H), outGelu = rt.tensor(N * H);
      await rt.run('selfcheck matmul gelu', (rec) => matmulGeluForward(rec, out, outGelu, v[0], v[1], v[2], N, C, H));
      const [o, og] = (await rt.readMany([out, outGelu])).map((b) => new Float32Array(b));
      [...v, out, outGelu].forEach((a) => rt.free(a));
      const want = new Float32Array(N * H), mag = new Float32Array(N * H), gelu = new Float32Array(N * H);
      matmulForwardCpu(want, x.inp, x.w, x.b, N, C, H);
      matmulForwardCpu(mag, abs(x.inp), abs(x.w), abs(x.b), N, C, H);
      geluForwardCpu(gelu, o, N * H);
      return Math.max(boundFraction(o, want, mag, C), maxScaledDiff(og, gelu) / 1e-5);
    },
  },
  {
    kernel: 'matmul_backward',
    what: `backward through GELU N=${N} C=${H} OC=${C}: dinp, dweight, dbias and dpre, as a fraction of their bounds`,
    tolerance: 1,
    async run(rt) {
      const r = new Rng(72);
      const pre = r.normalArray(N * H, 2), inp = new Float32Array(N * H);
      geluForwardCpu(inp, pre, N * H);
      const x = { w: r.normalArray(C * H, 0.3), dout: r.normalArray(N * C), dinp0: r.normalArray(N * H), dpre0: r.normalArray(N * H), dw0: r.normalArray(C * H), db0: r.normalArray(C) };
      const ins = [x.dout, inp, x.w, pre].map((a) => rt.tensorFrom(a));
      const outs = [x.dinp0, x.dpre0, x.dw0, x.db0].map((a) => rt.tensorFrom(a));
      await rt.run('selfcheck matmul backward gelu', (rec) => matmulGeluBackward(rec, outs[0], outs[1], outs[2], outs[3], ins[0], ins[1], ins[2], ins[3], N, H, C));
      const [dinp, dpre, dw, db] = (await rt.readMany(outs)).map((b) => new Float32Array(b));
      [...ins, ...outs].forEach((a) => rt.free(a));
      const want = { dinp: x.dinp0.slice(), dw: x.dw0.slice(), db: x.db0.slice() }, mag = { dinp: abs(x.dinp0), dw: abs(x.dw0), db: abs(x.db0) };
      matmulBackwardCpu(want.dinp, want.dw, want.db, x.dout, inp, x.w, N, H, C);
      matmulBackwardCpu(mag.dinp, mag.dw, mag.db, abs(x.dout), abs(inp), abs(x.w), N, H, C);
      const wantPre = x.dpre0.slice();
      geluBackwardCpu(wantPre, pre, dinp, N * H);
      return Math.max(boundFraction(dinp, want.dinp, mag.dinp, C), boundFraction(dw, want.dw, mag.dw, N), boundFraction(db, want.db, mag.db, N), maxScaledDiff(dpre, wantPre) / 1e-5);
    },
  },
  {
    kernel: 'layernorm',
    what: `residual_forward N=${N} C=${C} (res = a + b exact; out, mean, rstd), as a fraction of 1e-5 scaled`,
    tolerance: 1,
    async run(rt) {
      const r = new Rng(73);
      const a = r.normalArray(N * C, 3), b = r.normalArray(N * C, 0.5, 20), weight = r.normalArray(C, 0.5, 1), bias = r.normalArray(C);
      const ins = [a, b, weight, bias].map((x) => rt.tensorFrom(x));
      const outs = [rt.tensor(N * C), rt.tensor(N * C), rt.tensor(N), rt.tensor(N)];
      await rt.run('selfcheck residual layernorm', (rec) => residualLayernormForward(rec, outs[0], outs[1], outs[2], outs[3], ins[0], ins[1], ins[2], ins[3], N, C));
      const [res, out, mean, rstd] = (await rt.readMany(outs)).map((x) => new Float32Array(x));
      [...ins, ...outs].forEach((x) => rt.free(x));
      const wantRes = a.map((x, i) => x + b[i]);
      const want = { out: new Float32Array(N * C), mean: new Float32Array(N), rstd: new Float32Array(N) };
      layernormForwardCpu(want.out, want.mean, want.rstd, wantRes, weight, bias, N, C);
      const resExact = res.every((x, i) => x === wantRes[i]) ? 0 : Infinity;
      return Math.max(resExact, maxScaledDiff(out, want.out) / 1e-5, maxScaledDiff(mean, want.mean) / 1e-5, maxScaledDiff(rstd, want.rstd) / 1e-5);
    },
  },
];
