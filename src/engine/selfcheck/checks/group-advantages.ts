import { groupAdvantages } from '../../gpu/kernels/group-advantages';
import type { GroupAdvantageOptions } from '../../model/rl-options';
import { groupAdvantages as cpu } from '../../rl/group-advantages';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const B = 48, T = 6;

function inputs() {
  const rng = new Rng(41);
  const scores = rng.normalArray(B, 2), kl = rng.uniformArray(B * T, -0.2, 0.8), mask = new Float32Array(B * T);
  scores.fill(0.5, 8, 12); // one group of equal rewards (G = 4): advantage exactly 0
  const hasEos = Int32Array.from({ length: B }, (_, b) => (b === 30 ? 0 : 1));
  for (let b = 0; b < B; b++) mask.fill(1, b * T, b * T + 1 + (b % T));
  return { scores, hasEos, kl, mask };
}

const MODES: [string, GroupAdvantageOptions][] = [
  ['GRPO G=4 scale=group', { G: 4, baseline: 'mean', scaleRewards: 'group', normalize: false, klCoef: 0, rewardClip: 10, missingEosPenalty: -1 }],
  ['RLOO G=6 leave-one-out, β·KL in the reward, normalised', { G: 6, baseline: 'loo', scaleRewards: 'none', normalize: true, klCoef: 0.1, rewardClip: 10, missingEosPenalty: -1 }],
];

// Compared: rewards, advantages, group [mean, std] and the stats. Tolerance: the bounds of
// group-advantages.gpu.test.ts on these inputs are below 1e-5 (|r| ≤ 8, std ≥ 0.1 in random groups).
export const groupAdvantagesChecks: KernelCheck[] = MODES.map(([what, o]) => ({
  kernel: 'group_advantages',
  what: `${what}, B=${B} T=${T}, an equal group and a row without EOS`,
  tolerance: 1e-4,
  async run(rt) {
    const q = inputs();
    const ins = [rt.tensorFrom(q.scores), rt.tensorFrom(q.hasEos), rt.tensorFrom(q.kl), rt.tensorFrom(q.mask)];
    const outs = [rt.tensor(B), rt.tensor(B), rt.tensor((2 * B) / o.G), rt.tensor(2)];
    await rt.run('selfcheck group_advantages', (rec) => groupAdvantages(rec, outs[0], outs[1], outs[2], outs[3], ins[0], ins[1], ins[2], ins[3], B, T, o));
    const got = (await rt.readMany(outs)).map((b) => new Float32Array(b));
    for (const v of [...ins, ...outs]) rt.free(v);
    const r = new Float32Array(B), a = new Float32Array(B), g = new Float32Array((2 * B) / o.G);
    const s = cpu(r, a, g, q.scores, q.hasEos, q.kl, q.mask, B, T, o);
    return Math.max(maxAbsDiff(got[0], r), maxAbsDiff(got[1], a), maxAbsDiff(got[2], g), maxAbsDiff(got[3], [s.fracRewardZeroStd, s.rewardStdBatch]));
  },
}));
