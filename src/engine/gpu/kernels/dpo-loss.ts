import code from '../../../../shaders/dpo_loss.wgsl?raw';
import { params } from '../params';
import type { Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const DPO_LOSS_SOURCE: KernelSource = { name: 'dpo_loss', code, reduce: true };
const WG = 64;

/** Element indices of the stats view written by `dpoLoss` (TRL names in comments). */
export const DPO_STATS = {
  loss: 0, // loss
  rewardsChosen: 1, // rewards/chosen
  rewardsRejected: 2, // rewards/rejected
  accuracies: 3, // rewards/accuracies
  margins: 4, // rewards/margins
  length: 5,
} as const;

/**
 * DPO ('sigmoid') or IPO loss over N pairs (shaders/dpo_loss.wgsl; CPU reference rl/dpo-loss.ts):
 * logps, refLogps, lengths (2N) = [chosen, rejected] → dlogps (2N) written, stats (5) as DPO_STATS.
 */
export function dpoLoss(rec: Recorder, dlogps: GpuView, stats: GpuView, logps: GpuView, refLogps: GpuView, lengths: GpuView, N: number, beta: number, lossType: 'sigmoid' | 'ipo'): void {
  if (!(beta > 0)) throw new RangeError(`dpoLoss: beta must be > 0, got ${beta}`);
  for (const v of [dlogps, logps, refLogps, lengths]) if (v.length < 2 * N) throw new RangeError(`dpoLoss: a view of ${v.length} elements is shorter than 2N = ${2 * N}`);
  if (stats.length < DPO_STATS.length) throw new RangeError(`dpoLoss: the stats view needs ${DPO_STATS.length} elements`);
  rec.dispatch({ source: DPO_LOSS_SOURCE, entryPoint: 'main', constants: { WG } }, [logps, refLogps, lengths, dlogps, stats], params().u32(N).f32(beta).u32(lossType === 'ipo' ? 1 : 0).done(), [1]);
}
