import code from '../../../../shaders/ppo_loss.wgsl?raw';
import { params } from '../params';
import type { Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const PPO_LOSS_SOURCE: KernelSource = { name: 'ppo_loss', code, reduce: true };
const WG = 256;

/** Element indices of the stats view written by `ppoPolicyLoss` (TRL names in comments). */
export const PPO_STATS = {
  loss: 0, // loss/policy_avg
  clipfrac: 1, // policy/clipfrac_avg
  approxkl: 2, // policy/approxkl_avg
  maskSum: 3, // Σ mask over the minibatch
  length: 4,
} as const;

/**
 * PPO clipped policy loss over one minibatch of n = B·T tokens (docs/conventions.md §3): writes
 * dlogprob (n) = ∂loss/∂logprob (not accumulated) and stats (4) = [loss, clipfrac, approxkl, Σm],
 * all on the GPU (no read-back). Mirrors `rl/ppo-loss.ts`, with the stats view as the extra output.
 */
export function ppoPolicyLoss(
  rec: Recorder,
  dlogprob: GpuView, // (B, T) out
  stats: GpuView, // (4) out
  logprob: GpuView, // (B, T)
  oldLogprob: GpuView, // (B, T)
  advantages: GpuView, // (B, T)
  mask: GpuView, // (B, T)
  n: number,
  clipEps: number,
): void {
  if (!(clipEps >= 0)) throw new RangeError(`ppoPolicyLoss: clipEps must be ≥ 0, got ${clipEps}`);
  for (const v of [dlogprob, logprob, oldLogprob, advantages, mask]) {
    if (v.length < n) throw new RangeError(`ppoPolicyLoss: a view of ${v.length} elements is shorter than n = ${n}`);
  }
  if (stats.length < PPO_STATS.length) throw new RangeError(`ppoPolicyLoss: the stats view needs ${PPO_STATS.length} elements`);
  rec.dispatch(
    { source: PPO_LOSS_SOURCE, entryPoint: 'main', constants: { WG } },
    [logprob, oldLogprob, advantages, mask, dlogprob, stats],
    params().u32(n).f32(clipEps).done(),
    [1],
  );
}
