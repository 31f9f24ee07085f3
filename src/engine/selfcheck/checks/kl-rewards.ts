import { klPerToken, perTokenRewards, type KlEstimator } from '../../gpu/kernels/kl-rewards';
import { klPerToken as klCpu, perTokenRewards as rewardsCpu } from '../../rl/kl-rewards';
import { maxAbsDiff, maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// B=5 rows of T=13 (65 elements: one more than a workgroup), ragged lengths incl. an all-masked row.
const B = 5, T = 13, N = B * T;

function inputs() {
  const rng = new Rng(13);
  const mask = new Float32Array(N);
  [T, 7, 1, 0, 12].forEach((len, b) => mask.fill(1, b * T, b * T + len));
  return {
    mask,
    logprob: rng.normalArray(N, 1.5, -2),
    ref: rng.normalArray(N, 1.5, -2),
    scores: rng.normalArray(B, 3),
    hasEos: new Uint8Array([1, 1, 0, 1, 0]),
  };
}

const klChecks: KernelCheck[] = (['k1', 'k2', 'k3'] as KlEstimator[]).map((est) => ({
  kernel: 'kl_rewards',
  what: `kl ${est}, n=${N}, masked positions (error scaled: relative above 1, k3 reaches ~e^6)`,
  tolerance: 1e-5,
  async run(rt) {
    const q = inputs();
    const lp = rt.tensorFrom(q.logprob), ref = rt.tensorFrom(q.ref), mask = rt.tensorFrom(q.mask), out = rt.tensor(N);
    await rt.run('selfcheck kl', (rec) => klPerToken(rec, out, lp, ref, mask, N, est));
    const got = await rt.read(out);
    for (const v of [lp, ref, mask, out]) rt.free(v);
    const want = new Float32Array(N);
    klCpu(want, q.logprob, q.ref, q.mask, N, est);
    return maxScaledDiff(got, want);
  },
}));

export const klRewardsChecks: KernelCheck[] = [
  ...klChecks,
  {
    kernel: 'kl_rewards',
    what: `rewards B=${B} T=${T}, β=0.1, clip 2, missing-EOS penalty, all-masked row`,
    tolerance: 1e-6,
    async run(rt) {
      const q = inputs();
      const klHost = new Float32Array(N);
      klCpu(klHost, q.logprob, q.ref, q.mask, N, 'k1');
      const kl = rt.tensorFrom(klHost), mask = rt.tensorFrom(q.mask), scores = rt.tensorFrom(q.scores);
      const hasEos = rt.tensorFrom(Uint32Array.from(q.hasEos)), out = rt.tensor(N);
      await rt.run('selfcheck rewards', (rec) => perTokenRewards(rec, out, kl, mask, scores, hasEos, B, T, 0.1, 2, -1));
      const got = await rt.read(out);
      for (const v of [kl, mask, scores, hasEos, out]) rt.free(v);
      const want = new Float32Array(N);
      rewardsCpu(want, klHost, q.mask, q.scores, q.hasEos, B, T, 0.1, 2, -1);
      return maxAbsDiff(got, want);
    },
  },
];
