/**
 * Advantages from a group's sequence rewards: the critic-free estimators of GRPO and RLOO
 * (docs/algorithms.md). B answers come in B/G groups of G consecutive rows that share a prompt
 * (TRL's RepeatSampler layout). CPU reference for shaders/group_advantages.wgsl; float64 inside.
 *
 * 1. Sequence reward (the same reward function as PPO's last-token reward, conventions §3):
 *      r_b = (hasEos_b ? clip(score_b, ±rewardClip) : missingEosPenalty) − klCoef·Σ_t kl[b,t]·m[b,t]
 *    klCoef > 0 only for RLOO, which puts the sequence KL in the reward (TRL RLOOTrainer; the KL
 *    estimator is the caller's, k1 in TRL). GRPO passes 0 and adds its KL to the loss instead.
 * 2. Baseline: 'mean' — the group mean (GRPO); 'loo' — the mean of the other G − 1 rewards (RLOO).
 *    A_b = r_b − baseline_b.
 * 3. scaleRewards (TRL GRPOConfig.scale_rewards): 'group' divides by (std_group(r) + 1e-4), 'batch'
 *    by (std_batch(r) + 1e-4), 'none' leaves A as it is (Dr. GRPO). std is Bessel-corrected, as TRL's
 *    nanstd; a group of one (or a batch of one) has std 0 (TRL's zeros_like branch).
 * 4. normalize (TRL RLOOConfig.normalize_advantages): A ← (A − mean_batch(A)) / (std_batch(A) + 1e-4).
 *
 * Means are taken as r_first + Σ (r − r_first)/n, so a group of equal rewards has a mean equal to
 * them bit for bit and its advantages are exactly 0 on both engines (an invariant the tests assert).
 * fracRewardZeroStd is TRL's frac_reward_zero_std: the share of rows whose std (the group's, or the
 * batch's when scaleRewards = 'batch') is ≤ 1e-8 (torch.isclose(std, 0)).
 */
import type { GroupAdvantageOptions } from '../model/rl-options';

export type { GroupAdvantageOptions, GroupBaseline, ScaleRewards } from '../model/rl-options';

export interface GroupAdvantageStats {
  fracRewardZeroStd: number;
  /** Bessel-corrected std of r over the batch. */
  rewardStdBatch: number;
}

type Floats = Float32Array | Float64Array;

/** TRL's scale epsilon (std + 1e-4). */
export const GROUP_STD_EPS = 1e-4;
/** torch.isclose(std, 0) with its default atol. */
export const ZERO_STD_ATOL = 1e-8;

/** Mean (shifted by the first element) and Bessel std of xs[start + i·stride], i < n; std 0 when n < 2. */
function moments(xs: Floats, start: number, n: number): { mean: number; std: number } {
  const x0 = xs[start];
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[start + i] - x0;
  const mean = x0 + s / n;
  if (n < 2) return { mean, std: 0 };
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[start + i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / (n - 1)) };
}

export function groupAdvantages(
  rewards: Floats, // (B) out: r_b
  advantages: Floats, // (B) out
  groupStats: Floats, // (B/G, 2) out: [mean, std] of r per group
  scores: Floats, // (B)
  hasEos: ArrayLike<number>, // (B) 1/0
  kl: Floats, // (B, T) per-token KL (used when klCoef ≠ 0)
  mask: Floats, // (B, T)
  B: number,
  T: number,
  o: GroupAdvantageOptions,
): GroupAdvantageStats {
  const { G } = o;
  if (!Number.isInteger(G) || G < 1 || B % G !== 0) throw new RangeError(`groupAdvantages: B = ${B} is not a multiple of the group size G = ${G}`);
  for (let b = 0; b < B; b++) {
    const clipped = Math.min(o.rewardClip, Math.max(-o.rewardClip, scores[b]));
    let seqKl = 0;
    if (o.klCoef !== 0) for (let t = 0; t < T; t++) if (mask[b * T + t] !== 0) seqKl += kl[b * T + t] * mask[b * T + t];
    rewards[b] = (hasEos[b] ? clipped : o.missingEosPenalty) - o.klCoef * seqKl;
  }
  const batch = moments(rewards, 0, B);
  let zeroStd = 0;
  for (let g = 0; g < B / G; g++) {
    const { mean, std } = moments(rewards, g * G, G);
    groupStats[2 * g] = mean;
    groupStats[2 * g + 1] = std;
    const r0 = rewards[g * G];
    let shifted = 0;
    for (let i = 0; i < G; i++) shifted += rewards[g * G + i] - r0;
    for (let i = 0; i < G; i++) {
      const b = g * G + i;
      const baseline = o.baseline === 'mean' ? mean : G > 1 ? r0 + (shifted - (rewards[b] - r0)) / (G - 1) : rewards[b];
      let a = rewards[b] - baseline;
      if (o.scaleRewards === 'group') a /= std + GROUP_STD_EPS;
      else if (o.scaleRewards === 'batch') a /= batch.std + GROUP_STD_EPS;
      advantages[b] = a;
    }
    if (o.scaleRewards !== 'batch' && std <= ZERO_STD_ATOL) zeroStd += G;
  }
  if (o.scaleRewards === 'batch' && batch.std <= ZERO_STD_ATOL) zeroStd = B;
  if (o.normalize) {
    const a = moments(advantages, 0, B);
    for (let b = 0; b < B; b++) advantages[b] = (advantages[b] - a.mean) / (a.std + GROUP_STD_EPS);
  }
  return { fracRewardZeroStd: B ? zeroStd / B : 0, rewardStdBatch: batch.std };
}
