import { GRPO_STATS } from '../gpu/kernels/grpo-loss';
import { DPO_STATS } from '../gpu/kernels/dpo-loss';
import { isGrpoFamily, usesCritic, type Algo } from './algo-config';
import type { DpoFeedbackView } from './dpo';
import type { PpoConfig } from './ppo-config';
import type { LearningView, RolloutView } from './ppo-stats';

/** Columns of one update's row in the algorithm's stats table (the GRPO or DPO loss op's stats). */
export const ALGO_STATS_WIDTH = 8;

/** What the feedback phase of a group algorithm produced (GRPO family, RLOO): one row per answer. */
export interface GroupFeedbackView {
  /** G: answers per prompt; rows g·G … g·G + G − 1 share a prompt. */
  G: number;
  /** (B) r_b: the sequence reward (RLOO: with the KL penalty in it). */
  rewards: Float32Array;
  /** (B) A_b: the advantage every token of answer b gets. */
  advantages: Float32Array;
  /** (B/G) the group's mean and Bessel std of r. */
  mean: Float32Array;
  std: Float32Array;
  /** TRL's frac_reward_zero_std, and the batch's std of r. */
  fracZeroStd: number;
  stdBatch: number;
}

/**
 * The group view from the group-advantage op's read-backs: its sequence rewards and advantages, the
 * (mean, std) pairs per group, and the two batch scalars (fraction of zero-std groups, batch std).
 */
export function groupFeedbackView(G: number, rewards: Float32Array, advantages: Float32Array, stats: Float32Array, scalars: Float32Array): GroupFeedbackView {
  const n = rewards.length / G;
  return {
    G, rewards, advantages,
    mean: Float32Array.from({ length: n }, (_, i) => stats[2 * i]), std: Float32Array.from({ length: n }, (_, i) => stats[2 * i + 1]),
    fracZeroStd: scalars[0], stdBatch: scalars[1],
  };
}

const mean = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : 0;
};
const besselStd = (xs: ArrayLike<number>) => {
  const m = mean(xs);
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - m) ** 2;
  return xs.length > 1 ? Math.sqrt(v / (xs.length - 1)) : 0;
};

/** (B, T) per-token view of per-answer advantages: A_b on every real token, 0 after. */
export function broadcastAdvantages(seqAdvantages: Float32Array, mask: Float32Array, B: number, T: number): Float32Array {
  const out = new Float32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) out[b * T + t] = mask[b * T + t] ? seqAdvantages[b] : 0;
  return out;
}

export interface AlgoStatsInput {
  algo: Algo;
  config: PpoConfig;
  rollout: RolloutView;
  /** (updates, ALGO_STATS_WIDTH) the loss op's stats of each update (GRPO family, RLOO, DPO). */
  algoTable: Float32Array;
  group?: GroupFeedbackView;
  /** (B) the score each answer was given (missing-EOS penalty applied), before any KL term. */
  scoresUsed: Float32Array;
  dpo?: DpoFeedbackView;
  /** Per-update mean PTX cross-entropy (NaN where none), and the held-out SFT cross-entropy. */
  ptx: number[];
  heldOutCe: number;
  /** Dynamic sampling: groups dropped and generation rounds of this batch. */
  sampling?: { droppedGroups: number; rounds: number };
}

/**
 * The learning view of PPO's statistics turned into the chosen algorithm's: its loss op's numbers
 * per minibatch, TRL's names for its statistics (GRPOTrainer / RLOOTrainer / DPOTrainer metrics),
 * no critic statistics where there is no critic, and the PTX and held-out language measures.
 * TRL metrics that repeat one of ours under another name (GRPO's entropy and completions/mean_length,
 * the trainers' loss) are not repeated: policy/entropy_avg, response/length_mean, loss/policy_avg.
 */
export function algoLearningView(view: LearningView, x: AlgoStatsInput): LearningView {
  const { algo, config: c, rollout: r } = x;
  const stats = { ...view.stats };
  const minibatches = view.minibatches.map((m, u) => {
    const row = x.algoTable.subarray(u * ALGO_STATS_WIDTH, (u + 1) * ALGO_STATS_WIDTH);
    const out = { ...m, ptxLoss: x.ptx[u] };
    if (isGrpoFamily(algo) || algo === 'rloo') Object.assign(out, { policyLoss: row[GRPO_STATS.loss], clipfrac: row[GRPO_STATS.clipRegion], approxkl: row[GRPO_STATS.approxkl] });
    if (algo === 'dpo') Object.assign(out, { policyLoss: row[DPO_STATS.loss], clipfrac: NaN, approxkl: NaN });
    if (!usesCritic(algo)) Object.assign(out, { valueLoss: NaN, valueClipfrac: NaN, criticGradNorm: NaN });
    return out;
  });
  const avg = (pick: (u: number) => number) => mean(minibatches.map((_, u) => pick(u)));
  const col = (k: number) => avg((u) => x.algoTable[u * ALGO_STATS_WIDTH + k]);
  stats['language/heldout_ce'] = x.heldOutCe;
  stats['language/heldout_ppl'] = Math.exp(x.heldOutCe);
  if (c.ptxCoef > 0) stats['loss/ptx_avg'] = mean(x.ptx.filter(Number.isFinite));
  if (!usesCritic(algo)) for (const k of ['loss/value_avg', 'val/clipfrac_avg', 'val/var_explained', 'grad/critic_norm_avg']) delete stats[k];
  stats['loss/policy_avg'] = avg((u) => minibatches[u].policyLoss);
  if (x.group) {
    const g = x.group;
    Object.assign(stats, {
      reward: mean(x.scoresUsed), reward_std: besselStd(x.scoresUsed), frac_reward_zero_std: g.fracZeroStd,
      'clip_ratio/low_mean': col(GRPO_STATS.clipLow), 'clip_ratio/high_mean': col(GRPO_STATS.clipHigh), 'clip_ratio/region_mean': col(GRPO_STATS.clipRegion),
      'policy/clipfrac_avg': col(GRPO_STATS.clipRegion), 'policy/approxkl_avg': col(GRPO_STATS.approxkl),
    });
    // GRPO's kl is its loss's k3 (TRL); RLOO's is the k1 of the rollout that entered the reward.
    stats.kl = isGrpoFamily(algo) ? col(GRPO_STATS.kl) : stats['objective/kl'] / Math.max(1, mean(r.length));
  }
  if (x.sampling) Object.assign(stats, { 'sampling/dropped_groups': x.sampling.droppedGroups, 'sampling/generation_batches': x.sampling.rounds });
  if (algo === 'dpo' && x.dpo) {
    Object.assign(stats, x.dpo.stats);
    for (const k of ['policy/clipfrac_avg', 'policy/approxkl_avg', 'val/ratio', 'val/ratio_var', 'objective/rlhf_reward', 'objective/non_score_reward']) delete stats[k];
  }
  return { ...view, minibatches, stats };
}
