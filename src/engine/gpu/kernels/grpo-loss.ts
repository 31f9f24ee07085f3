import code from '../../../../shaders/grpo_loss.wgsl?raw';
import { params } from '../params';
import type { Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const GRPO_LOSS_SOURCE: KernelSource = { name: 'grpo_loss', code, reduce: true };
const WG = 256;
const LOSS_TYPES = { grpo: 0, bnpo: 1, dr_grpo: 2, dapo: 3 } as const;

/** The same settings as engine/model/rl-options GrpoLossOptions. */
export interface GrpoLossParams {
  epsilonLow: number;
  epsilonHigh: number;
  beta: number;
  lossType: keyof typeof LOSS_TYPES;
  maxCompletionLength: number;
  numItemsInBatch: number;
}

/** Element indices of the stats view written by `grpoLoss` (TRL names in comments). */
export const GRPO_STATS = {
  loss: 0, // loss
  kl: 1, // kl
  clipLow: 2, // clip_ratio/low_mean
  clipHigh: 3, // clip_ratio/high_mean
  clipRegion: 4, // clip_ratio/region_mean
  maskSum: 5,
  length: 6,
} as const;

/**
 * GRPO per-token loss over B answers of T tokens (shaders/grpo_loss.wgsl; CPU reference
 * rl/grpo-loss.ts): dlogprob (B,T) written, stats (6) as GRPO_STATS. One workgroup, no read-back.
 */
export function grpoLoss(
  rec: Recorder, dlogprob: GpuView, stats: GpuView, logprob: GpuView, oldLogprob: GpuView, refLogprob: GpuView,
  advantages: GpuView, mask: GpuView, B: number, T: number, o: GrpoLossParams,
): void {
  if (!(o.epsilonLow >= 0) || !(o.epsilonHigh >= 0)) throw new RangeError(`grpoLoss: epsilons must be ≥ 0, got ${o.epsilonLow}, ${o.epsilonHigh}`);
  const n = B * T;
  for (const v of [dlogprob, logprob, oldLogprob, refLogprob, mask]) if (v.length < n) throw new RangeError(`grpoLoss: a view of ${v.length} elements is shorter than B·T = ${n}`);
  if (advantages.length < B) throw new RangeError(`grpoLoss: advantages need B = ${B} elements`);
  if (stats.length < GRPO_STATS.length) throw new RangeError(`grpoLoss: the stats view needs ${GRPO_STATS.length} elements`);
  rec.dispatch(
    { source: GRPO_LOSS_SOURCE, entryPoint: 'main', constants: { WG } },
    [logprob, oldLogprob, refLogprob, advantages, mask, dlogprob, stats],
    params().u32(B).u32(T).f32(o.epsilonLow).f32(o.epsilonHigh).f32(o.beta).u32(LOSS_TYPES[o.lossType]).f32(o.maxCompletionLength).f32(o.numItemsInBatch).done(),
    [1],
  );
}
