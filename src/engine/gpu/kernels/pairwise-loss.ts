import code from '../../../../shaders/pairwise_loss.wgsl?raw';
import { params } from '../params';
import type { Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const PAIRWISE_LOSS_SOURCE: KernelSource = { name: 'pairwise_loss', code, reduce: true };

/** dscores (2B) and stats [loss, accuracy] from scores (2B) = [chosen, rejected]; see rl/pairwise-loss.ts. */
export function pairwiseLoss(rec: Recorder, dscores: GpuView, stats: GpuView, scores: GpuView, B: number): void {
  if (scores.length < 2 * B || dscores.length < 2 * B || stats.length < 2) throw new RangeError('pairwiseLoss: views too short');
  rec.dispatch({ source: PAIRWISE_LOSS_SOURCE, entryPoint: 'main', constants: { WG: 64 } }, [scores, dscores, stats], params().u32(B).done(), [1]);
}
