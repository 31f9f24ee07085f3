import { DPO_STATS, dpoLoss } from '../../gpu/kernels/dpo-loss';
import { dpoLoss as cpu } from '../../rl/dpo-loss';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const N = 40;

// Compared: dlogps and [loss, rewards/chosen, rewards/rejected, rewards/accuracies, rewards/margins].
// Tolerance: dpo-loss.gpu.test.ts bounds these inputs' errors (log-probs ≥ −30, log-ratios ±3) below 1e-5.
export const dpoLossChecks: KernelCheck[] = (['sigmoid', 'ipo'] as const).map((lossType) => ({
  kernel: 'dpo_loss',
  what: `loss_type=${lossType}, N=${N} pairs, β=0.1, log-ratios ±3`,
  tolerance: 5e-5,
  async run(rt) {
    const rng = new Rng(45);
    const logps = rng.uniformArray(2 * N, -30, -1), ref = Float32Array.from(logps, (x) => x + 6 * rng.uniform() - 3);
    const lengths = Float32Array.from({ length: 2 * N }, () => 1 + rng.int(12));
    const ins = [logps, ref, lengths].map((x) => rt.tensorFrom(x));
    const grad = rt.tensor(2 * N), stats = rt.tensor(DPO_STATS.length);
    await rt.run('selfcheck dpo_loss', (rec) => dpoLoss(rec, grad, stats, ins[0], ins[1], ins[2], N, 0.1, lossType));
    const [g, s] = (await rt.readMany([grad, stats])).map((b) => new Float32Array(b));
    for (const v of [...ins, grad, stats]) rt.free(v);
    const want = new Float32Array(2 * N);
    const w = cpu(want, logps, ref, lengths, N, 0.1, lossType);
    return Math.max(maxAbsDiff(g, want), maxAbsDiff(s, [w.loss, w.rewardsChosen, w.rewardsRejected, w.accuracies, w.margins]));
  },
}));
