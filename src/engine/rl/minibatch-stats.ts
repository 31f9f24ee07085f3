import { PPO_STATS } from '../gpu/kernels/ppo-loss';
import { VALUE_STATS } from '../gpu/kernels/value-loss';

/**
 * The diagnostics of each PPO minibatch update, kept on the device while the learning phase runs
 * and read back once at its end: one row of MB_STATS_WIDTH floats per update (epoch × minibatch):
 *   the policy-loss op's stats, whole (PPO_STATS: loss, clipfrac, approxkl, Σmask);
 *   the value-loss op's loss and clipfrac (VALUE_STATS, without its Σmask);
 *   ‖g‖² of the actor's and of the critic's gradients (before clipping).
 */
const POLICY_AT = 0;
const VALUE_AT = POLICY_AT + PPO_STATS.length;
/** How much of the value-loss op's stats a row keeps (loss and clipfrac). */
export const VALUE_STATS_KEPT = VALUE_STATS.clipfrac + 1;
const GRADS_AT = VALUE_AT + VALUE_STATS_KEPT;

/** Column of each statistic in a row. */
export const MB_STAT = {
  /** Where the policy-loss op's stats start (copied whole). */
  policyStats: POLICY_AT,
  policyLoss: POLICY_AT + PPO_STATS.loss,
  clipfrac: POLICY_AT + PPO_STATS.clipfrac,
  approxkl: POLICY_AT + PPO_STATS.approxkl,
  policyTokens: POLICY_AT + PPO_STATS.maskSum,
  /** Where the kept part of the value-loss op's stats starts. */
  valueStats: VALUE_AT,
  valueLoss: VALUE_AT + VALUE_STATS.loss,
  valueClipfrac: VALUE_AT + VALUE_STATS.clipfrac,
  actorGradNormSq: GRADS_AT,
  criticGradNormSq: GRADS_AT + 1,
} as const;
export const MB_STATS_WIDTH = GRADS_AT + 2;

export interface MinibatchStats {
  epoch: number;
  minibatch: number;
  policyLoss: number;
  clipfrac: number;
  approxkl: number;
  valueLoss: number;
  valueClipfrac: number;
  actorGradNorm: number;
  criticGradNorm: number;
  /** PPO-ptx: this update's SFT cross-entropy (absent or NaN without a PTX term; docs/algorithms.md). */
  ptxLoss?: number;
}

/** Update u's row of the read-back (updates, MB_STATS_WIDTH) table; M minibatches per epoch. */
export function minibatchStats(table: Float32Array, u: number, M: number): MinibatchStats {
  const s = table.subarray(u * MB_STATS_WIDTH, (u + 1) * MB_STATS_WIDTH);
  return {
    epoch: Math.floor(u / M), minibatch: u % M,
    policyLoss: s[MB_STAT.policyLoss], clipfrac: s[MB_STAT.clipfrac], approxkl: s[MB_STAT.approxkl],
    valueLoss: s[MB_STAT.valueLoss], valueClipfrac: s[MB_STAT.valueClipfrac],
    actorGradNorm: Math.sqrt(s[MB_STAT.actorGradNormSq]), criticGradNorm: Math.sqrt(s[MB_STAT.criticGradNormSq]),
  };
}
