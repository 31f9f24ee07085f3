import { whitenMasked } from '../../gpu/kernels/whiten';
import { whitenMasked as whitenCpu } from '../../rl/whiten';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// n = 1000 (not a multiple of the 256-thread workgroup), ~30 % masked with garbage values.
const N = 1000;

function inputs() {
  const rng = new Rng(14);
  const x = rng.normalArray(N, 2, 0.7);
  const mask = new Float32Array(N).map(() => (rng.uniform() < 0.7 ? 1 : 0));
  for (let i = 0; i < N; i++) if (!mask[i]) x[i] = 1e30;
  return { x, mask };
}

export const whitenChecks: KernelCheck[] = [true, false].map((shiftMean) => ({
  kernel: 'whiten',
  what: `masked whitening n=${N}, shiftMean=${shiftMean}`,
  tolerance: 1e-5,
  async run(rt) {
    const q = inputs();
    const x = rt.tensorFrom(q.x), mask = rt.tensorFrom(q.mask), out = rt.tensor(N);
    await rt.run('selfcheck whiten', (rec) => whitenMasked(rec, out, x, mask, N, shiftMean));
    const got = await rt.read(out);
    for (const v of [x, mask, out]) rt.free(v);
    const want = new Float32Array(N);
    whitenCpu(want, q.x, q.mask, N, shiftMean);
    return maxAbsDiff(got, want);
  },
}));
