import code from '../../../../shaders/group_advantages.wgsl?raw';
import { params } from '../params';
import type { Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const GROUP_ADVANTAGES_SOURCE: KernelSource = { name: 'group_advantages', code, reduce: true };
const WG = 256;

/** The same settings as engine/model/rl-options GroupAdvantageOptions (the gpu layer imports no model types). */
export interface GroupAdvantageParams {
  G: number;
  baseline: 'mean' | 'loo';
  scaleRewards: 'group' | 'batch' | 'none';
  normalize: boolean;
  klCoef: number;
  rewardClip: number;
  missingEosPenalty: number;
}

const SCALE = { none: 0, group: 1, batch: 2 } as const;

/**
 * GRPO / RLOO advantages from sequence rewards (shaders/group_advantages.wgsl; CPU reference
 * rl/group-advantages.ts): rewards (B), advantages (B), groupStats (B/G, 2) = [mean, std],
 * stats (2) = [frac_reward_zero_std, std_batch]. One workgroup, no read-back.
 */
export function groupAdvantages(
  rec: Recorder, rewards: GpuView, advantages: GpuView, groupStats: GpuView, stats: GpuView,
  scores: GpuView, hasEos: GpuView, kl: GpuView, mask: GpuView, B: number, T: number, o: GroupAdvantageParams,
): void {
  if (!Number.isInteger(o.G) || o.G < 1 || B % o.G !== 0) throw new RangeError(`groupAdvantages: B = ${B} is not a multiple of the group size G = ${o.G}`);
  if (rewards.length < B || advantages.length < B || scores.length < B || hasEos.length < B) throw new RangeError(`groupAdvantages: (B) views shorter than B = ${B}`);
  if (o.klCoef !== 0 && (kl.length < B * T || mask.length < B * T)) throw new RangeError(`groupAdvantages: kl and mask need B·T = ${B * T} elements`);
  if (groupStats.length < (2 * B) / o.G || stats.length < 2) throw new RangeError('groupAdvantages: the stats views are too short');
  if (B === 0) return;
  rec.dispatch(
    { source: GROUP_ADVANTAGES_SOURCE, entryPoint: 'main', constants: { WG } },
    [scores, hasEos, kl, mask, rewards, advantages, groupStats, stats],
    params().u32(B).u32(T).u32(o.G).u32(o.baseline === 'loo' ? 1 : 0).u32(SCALE[o.scaleRewards]).u32(o.normalize ? 1 : 0)
      .f32(o.klCoef).f32(o.rewardClip).f32(o.missingEosPenalty).done(),
    [1],
  );
}
