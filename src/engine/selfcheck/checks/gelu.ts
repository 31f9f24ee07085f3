import { geluBackward as geluBackwardCpu, geluForward as geluForwardCpu } from '../../cpu/gelu';
import { geluBackward, geluForward } from '../../gpu/kernels/gelu';
import { maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// Random inputs, a sweep of [−12, 12] where tanh saturates, and ±50 / ±1e4 where an unclamped
// WGSL tanh returns NaN on some adapters. |GPU−CPU| / max(1, |CPU|) ≤ 1e-5 (float32 + WGSL tanh).
function inputs(): Float32Array {
  const random = new Rng(41).normalArray(600, 3);
  const sweep = Float32Array.from({ length: 481 }, (_, i) => -12 + i * 0.05);
  return Float32Array.from([...random, ...sweep, 50, -50, 1e4, -1e4, 0]);
}

export const geluChecks: KernelCheck[] = [
  {
    kernel: 'gelu',
    what: 'forward, N(0, 9) inputs, [−12, 12] sweep, ±50, ±1e4',
    tolerance: 1e-5,
    async run(rt) {
      const x = inputs(), n = x.length;
      const inp = rt.tensorFrom(x), out = rt.tensor(n);
      await rt.run('selfcheck gelu forward', (rec) => geluForward(rec, out, inp, n));
      const got = await rt.read(out);
      rt.free(inp);
      rt.free(out);
      const want = new Float32Array(n);
      geluForwardCpu(want, x, n);
      return maxScaledDiff(got, want);
    },
  },
  {
    kernel: 'gelu',
    what: 'backward, same inputs, accumulating into non-zero dinp',
    tolerance: 1e-5,
    async run(rt) {
      const x = inputs(), n = x.length;
      const rng = new Rng(42);
      const dout = rng.normalArray(n), dinp0 = rng.normalArray(n);
      const inp = rt.tensorFrom(x), vd = rt.tensorFrom(dout), dinp = rt.tensorFrom(dinp0);
      await rt.run('selfcheck gelu backward', (rec) => geluBackward(rec, dinp, inp, vd, n));
      const got = await rt.read(dinp);
      [inp, vd, dinp].forEach((v) => rt.free(v));
      const want = Float32Array.from(dinp0);
      geluBackwardCpu(want, x, dout, n);
      return maxScaledDiff(got, want);
    },
  },
];
