import { gatherRows as gatherRowsCpu, scatterColumns as scatterColumnsCpu } from '../../cpu/rows';
import { pairwiseLoss } from '../../gpu/kernels/pairwise-loss';
import { gatherRows, scatterColumns } from '../../gpu/kernels/rows';
import { pairwiseLoss as pairwiseCpu } from '../../rl/pairwise-loss';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

export const rowsChecks: KernelCheck[] = [
  {
    kernel: 'gather_rows',
    what: 'minibatch gather of 6 rows × 19',
    tolerance: 0,
    async run(rt) {
      const R = 9, L = 19, idx = Int32Array.from([8, 2, 2, 0, 5, 7]);
      const inp = new Rng(4).normalArray(R * L);
      const want = new Float32Array(idx.length * L);
      gatherRowsCpu(want, inp, idx, idx.length, L);
      const ts = [rt.tensorFrom(inp), rt.tensorFrom(idx), rt.tensor(idx.length * L)];
      await rt.run('selfcheck gather_rows', (rec) => gatherRows(rec, ts[2], ts[0], ts[1], idx.length, L));
      const got = await rt.read(ts[2]);
      ts.forEach((t) => rt.free(t));
      return maxAbsDiff(got, want);
    },
  },
  {
    kernel: 'columns',
    what: 'scatter of (B,T) response grads into (B,S), accumulating',
    tolerance: 1e-6,
    async run(rt) {
      const B = 4, S = 11, T = 7, start = 3;
      const base = new Rng(5).normalArray(B * S), inp = new Rng(6).normalArray(B * T);
      const want = base.slice();
      scatterColumnsCpu(want, inp, B, T, S, start);
      const ts = [rt.tensorFrom(base), rt.tensorFrom(inp)];
      await rt.run('selfcheck columns', (rec) => scatterColumns(rec, ts[0], ts[1], B, T, S, start));
      const got = await rt.read(ts[0]);
      ts.forEach((t) => rt.free(t));
      return maxAbsDiff(got, want);
    },
  },
  {
    kernel: 'pairwise_loss',
    what: 'reward-model pairwise loss gradient, B=37',
    tolerance: 1e-6,
    async run(rt) {
      const B = 37;
      const scores = new Rng(7).normalArray(2 * B, 2);
      const want = new Float32Array(2 * B);
      pairwiseCpu(want, scores, B);
      const ts = [rt.tensorFrom(scores), rt.tensor(2 * B), rt.tensor(2)];
      await rt.run('selfcheck pairwise_loss', (rec) => pairwiseLoss(rec, ts[1], ts[2], ts[0], B));
      const got = await rt.read(ts[1]);
      ts.forEach((t) => rt.free(t));
      return maxAbsDiff(got, want);
    },
  },
];
