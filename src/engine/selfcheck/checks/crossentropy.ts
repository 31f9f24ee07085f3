import { crossentropyBackward as crossentropyBackwardCpu, crossentropyForward as crossentropyForwardCpu } from '../../cpu/crossentropy';
import { crossentropyBackward, crossentropyForward } from '../../gpu/kernels/crossentropy';
import { maxAbsDiff, maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../../gpu/runtime';
import type { KernelCheck } from '../types';

const N = 7, V = 53;

/** ±50 logits, −1e9 masks (one as a target), an ignored row (−1) and an out-of-range target. */
function inputs() {
  const rng = new Rng(71);
  const logits = rng.normalArray(N * V, 50);
  for (let j = 0; j < V; j += 3) logits[V + j] = -1e9;
  const targets = Int32Array.from({ length: N }, (_, n) => (n === 2 ? -1 : n === 4 ? V : n === 1 ? 3 : rng.int(V)));
  return { logits, targets, dlosses: rng.normalArray(N), dlogits0: rng.normalArray(N * V) };
}

async function forward(rt: GpuRuntime) {
  const x = inputs();
  const vl = rt.tensorFrom(x.logits), vt = rt.tensorFrom(x.targets), losses = rt.tensor(N), probs = rt.tensor(N * V);
  await rt.run('selfcheck crossentropy forward', (rec) => crossentropyForward(rec, losses, probs, vl, vt, N, V));
  const [gotL, gotP] = (await rt.readMany([losses, probs])).map((b) => new Float32Array(b));
  [vl, vt, losses, probs].forEach((a) => rt.free(a));
  const wantL = new Float32Array(N), wantP = new Float32Array(N * V);
  crossentropyForwardCpu(wantL, wantP, x.logits, x.targets, N, V);
  return { gotL, gotP, wantL, wantP };
}

export const crossentropyChecks: KernelCheck[] = [
  {
    kernel: 'crossentropy',
    what: `forward losses N=${N} V=${V}, ±50 and −1e9 logits, ignored rows, relative to max(1, |CPU|)`,
    tolerance: 1e-5,
    async run(rt) {
      const r = await forward(rt);
      return maxScaledDiff(r.gotL, r.wantL);
    },
  },
  {
    kernel: 'crossentropy',
    what: `forward probs N=${N} V=${V}`,
    tolerance: 2e-6,
    async run(rt) {
      const r = await forward(rt);
      return maxAbsDiff(r.gotP, r.wantP);
    },
  },
  {
    kernel: 'crossentropy',
    what: `backward N=${N} V=${V}, accumulating into non-zero dlogits`,
    tolerance: 1e-5,
    async run(rt) {
      const x = inputs();
      const probs = new Float32Array(N * V);
      crossentropyForwardCpu(new Float32Array(N), probs, x.logits, x.targets, N, V);
      const v = [probs, x.targets, x.dlosses, x.dlogits0].map((a) => rt.tensorFrom(a));
      await rt.run('selfcheck crossentropy backward', (rec) => crossentropyBackward(rec, v[3], v[2], v[0], v[1], N, V));
      const got = await rt.read(v[3]);
      v.forEach((a) => rt.free(a));
      const want = Float32Array.from(x.dlogits0);
      crossentropyBackwardCpu(want, x.dlosses, probs, x.targets, N, V);
      return maxAbsDiff(got, want);
    },
  },
];
