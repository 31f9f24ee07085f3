import code from '../../../../shaders/value_loss.wgsl?raw';
import { params } from '../params';
import type { Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const VALUE_LOSS_SOURCE: KernelSource = { name: 'value_loss', code, reduce: true };
const WG = 256;

/** Element indices of the stats view written by `valueLoss` (TRL names in comments). */
export const VALUE_STATS = {
  loss: 0, // loss/value_avg
  clipfrac: 1, // val/clipfrac_avg
  maskSum: 2, // Σ mask over the minibatch
  length: 3,
} as const;

/**
 * PPO clipped value loss over one minibatch of n = B·T tokens (docs/conventions.md §3): writes
 * dvalues (n) = ∂loss/∂values (not accumulated) and stats (3) = [loss, clipfrac, Σm] on the GPU.
 * Mirrors `rl/value-loss.ts`, with the stats view as the extra output.
 */
export function valueLoss(
  rec: Recorder,
  dvalues: GpuView, // (B, T) out
  stats: GpuView, // (3) out
  values: GpuView, // (B, T)
  oldValues: GpuView, // (B, T)
  returns: GpuView, // (B, T)
  mask: GpuView, // (B, T)
  n: number,
  clipEps: number,
): void {
  if (!(clipEps >= 0)) throw new RangeError(`valueLoss: clipEps must be ≥ 0, got ${clipEps}`);
  for (const v of [dvalues, values, oldValues, returns, mask]) {
    if (v.length < n) throw new RangeError(`valueLoss: a view of ${v.length} elements is shorter than n = ${n}`);
  }
  if (stats.length < VALUE_STATS.length) throw new RangeError(`valueLoss: the stats view needs ${VALUE_STATS.length} elements`);
  rec.dispatch(
    { source: VALUE_LOSS_SOURCE, entryPoint: 'main', constants: { WG } },
    [values, oldValues, returns, mask, dvalues, stats],
    params().u32(n).f32(clipEps).done(),
    [1],
  );
}
