import { layernormBackward as layernormBackwardCpu, layernormForward as layernormForwardCpu } from '../../cpu/layernorm';
import { layernormBackward, layernormForward } from '../../gpu/kernels/layernorm';
import { maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const N = 8, C = 48;

/** Random rows, a ±50 row, a row offset by +50 and a constant row (variance 0: out = bias). */
function inputs() {
  const rng = new Rng(61);
  const inp = rng.normalArray(N * C, 2);
  for (let c = 0; c < C; c++) {
    inp[c] = rng.uniform() < 0.5 ? -50 : 50;
    inp[C + c] = 50 + rng.normal();
    inp[2 * C + c] = 0.3;
  }
  return { inp, weight: rng.normalArray(C, 0.5, 1), bias: rng.normalArray(C), dout: rng.normalArray(N * C), grads0: [rng.normalArray(N * C), rng.normalArray(C), rng.normalArray(C)] };
}

function cpuForward(x: ReturnType<typeof inputs>) {
  const out = new Float32Array(N * C), mean = new Float32Array(N), rstd = new Float32Array(N);
  layernormForwardCpu(out, mean, rstd, x.inp, x.weight, x.bias, N, C);
  return { out, mean, rstd };
}

/** dinp error relative to its float32 error scale rstd·max|weight·dout| per row (316× larger for a constant row). */
function dinpError(got: Float32Array, want: Float32Array, rstd: Float32Array, x: ReturnType<typeof inputs>): number {
  let e = 0;
  for (let n = 0; n < N; n++) {
    let g = 0;
    for (let c = 0; c < C; c++) g = Math.max(g, Math.abs(x.weight[c] * x.dout[n * C + c]));
    for (let c = 0; c < C; c++) {
      const i = n * C + c;
      if (Number.isNaN(got[i])) return Infinity;
      e = Math.max(e, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]), rstd[n] * g));
    }
  }
  return e;
}

export const layernormChecks: KernelCheck[] = [
  {
    kernel: 'layernorm',
    what: `forward N=${N} C=${C} (out, mean, rstd), ±50 and constant rows, relative to max(1, |CPU|)`,
    tolerance: 1e-5,
    async run(rt) {
      const x = inputs();
      const v = [x.inp, x.weight, x.bias].map((a) => rt.tensorFrom(a));
      const out = rt.tensor(N * C), mean = rt.tensor(N), rstd = rt.tensor(N);
      await rt.run('selfcheck layernorm forward', (rec) => layernormForward(rec, out, mean, rstd, v[0], v[1], v[2], N, C));
      const got = (await rt.readMany([out, mean, rstd])).map((b) => new Float32Array(b));
      [...v, out, mean, rstd].forEach((a) => rt.free(a));
      const want = cpuForward(x);
      return Math.max(maxScaledDiff(got[0], want.out), maxScaledDiff(got[1], want.mean), maxScaledDiff(got[2], want.rstd));
    },
  },
  {
    kernel: 'layernorm',
    what: `backward N=${N} C=${C} (dinp relative to rstd·max|g|; dweight, dbias relative to max(1, |CPU|))`,
    tolerance: 1e-5,
    async run(rt) {
      const x = inputs();
      const want = cpuForward(x);
      // The backward is checked on its own, on the CPU's mean and rstd.
      const v = [x.inp, x.weight, x.dout, want.mean, want.rstd, ...x.grads0].map((a) => rt.tensorFrom(a));
      const [vi, vw, vd, vm, vr, dinp, dweight, dbias] = v;
      await rt.run('selfcheck layernorm backward', (rec) => layernormBackward(rec, dinp, dweight, dbias, vd, vi, vw, vm, vr, N, C));
      const got = (await rt.readMany([dinp, dweight, dbias])).map((b) => new Float32Array(b));
      v.forEach((a) => rt.free(a));
      const wantG = x.grads0.map((a) => Float32Array.from(a));
      layernormBackwardCpu(wantG[0], wantG[1], wantG[2], x.dout, x.inp, x.weight, want.mean, want.rstd, N, C);
      return Math.max(dinpError(got[0], wantG[0], want.rstd, x), maxScaledDiff(got[1], wantG[1]), maxScaledDiff(got[2], wantG[2]));
    },
  },
];
