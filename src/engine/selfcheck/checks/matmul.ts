import { matmulBackward as backwardCpu, matmulForward as forwardCpu } from '../../cpu/matmul';
import { matmulBackward, matmulForward } from '../../gpu/kernels/matmul';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// Two shapes the model uses: the tied LM head (OC = V = 52) and a value/reward head (OC = 1),
// with N not a multiple of the 32-row tile.
const SHAPES = [
  { N: 37, C: 48, OC: 52 },
  { N: 45, C: 48, OC: 1 },
];

// Tolerance: the float32 dot-product error bound γ_n·Σ|x y| (n = K products + 2 roundings,
// γ_n = n·u/(1 − n·u), u = 2⁻²⁴), with Σ|x y| bounded by the largest |x|·|y| sum over the outputs,
// computed on the CPU from the same inputs.
const gamma = (n: number) => (n * 2 ** -24) / (1 - n * 2 ** -24);
const abs = (a: Float32Array) => a.map(Math.abs);
const maxOf = (...arrays: Float32Array[]) => Math.max(...arrays.map((a) => a.reduce((m, x) => Math.max(m, x), 0)));

function inputs(N: number, C: number, OC: number) {
  const r = new Rng(N * 131 + OC);
  return {
    inp: r.normalArray(N * C), w: r.normalArray(OC * C), b: r.normalArray(OC), dout: r.normalArray(N * OC),
    dinp0: r.normalArray(N * C), dw0: r.normalArray(OC * C), db0: r.normalArray(OC),
  };
}

function forwardTolerance(N: number, C: number, OC: number): number {
  const x = inputs(N, C, OC);
  const mag = new Float32Array(N * OC);
  forwardCpu(mag, abs(x.inp), abs(x.w), abs(x.b), N, C, OC);
  return gamma(C + 2) * maxOf(mag);
}

function backwardTolerance(N: number, C: number, OC: number): number {
  const x = inputs(N, C, OC);
  const di = abs(x.dinp0), dw = abs(x.dw0), db = abs(x.db0);
  backwardCpu(di, dw, db, abs(x.dout), abs(x.inp), abs(x.w), N, C, OC);
  return Math.max(gamma(OC + 2) * maxOf(di), gamma(N + 2) * maxOf(dw, db));
}

export const matmulChecks: KernelCheck[] = SHAPES.flatMap(({ N, C, OC }) => [
  {
    kernel: 'matmul',
    what: `forward + bias, N=${N} C=${C} OC=${OC}`,
    tolerance: forwardTolerance(N, C, OC),
    async run(rt) {
      const x = inputs(N, C, OC);
      const inp = rt.tensorFrom(x.inp), w = rt.tensorFrom(x.w), b = rt.tensorFrom(x.b), out = rt.tensor(N * OC);
      await rt.run('selfcheck matmul forward', (rec) => matmulForward(rec, out, inp, w, b, N, C, OC));
      const got = await rt.read(out);
      for (const v of [inp, w, b, out]) rt.free(v);
      const want = new Float32Array(N * OC);
      forwardCpu(want, x.inp, x.w, x.b, N, C, OC);
      return maxAbsDiff(got, want);
    },
  },
  {
    kernel: 'matmul',
    what: `backward (dinp, dweight, dbias; accumulating), N=${N} C=${C} OC=${OC}`,
    tolerance: backwardTolerance(N, C, OC),
    async run(rt) {
      const x = inputs(N, C, OC);
      const views = [x.inp, x.w, x.dout, x.dinp0, x.dw0, x.db0].map((a) => rt.tensorFrom(a));
      const [inp, w, dout, dinp, dw, db] = views;
      await rt.run('selfcheck matmul backward', (rec) => matmulBackward(rec, dinp, dw, db, dout, inp, w, N, C, OC));
      const got = (await rt.readMany([dinp, dw, db])).map((bytes) => new Float32Array(bytes));
      for (const v of views) rt.free(v);
      const want = [x.dinp0.slice(), x.dw0.slice(), x.db0.slice()];
      backwardCpu(want[0], want[1], want[2], x.dout, x.inp, x.w, N, C, OC);
      return Math.max(...got.map((g, i) => maxAbsDiff(g, want[i])));
    },
  },
]);
