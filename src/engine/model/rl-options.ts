/**
 * Settings of the critic-free and preference-based RL ops (GRPO, RLOO, DPO) that the Backend
 * interface passes to both engines. They live here, below engine/rl, so the interface can name
 * them; the formulas are in the CPU references (engine/rl/group-advantages.ts, grpo-loss.ts,
 * dpo-loss.ts) and in docs/algorithms.md.
 */

/** TRL GRPOConfig.scale_rewards: divide by the group's std, the batch's, or not at all. */
export type ScaleRewards = 'group' | 'batch' | 'none';
/** The group baseline: the group mean (GRPO) or the mean of the other G − 1 answers (RLOO). */
export type GroupBaseline = 'mean' | 'loo';

export interface GroupAdvantageOptions {
  /** Answers per prompt (TRL num_generations); B must be a multiple. */
  G: number;
  baseline: GroupBaseline;
  scaleRewards: ScaleRewards;
  /** TRL RLOOConfig.normalize_advantages: whiten the advantages over the batch. */
  normalize: boolean;
  /** β of the sequence KL subtracted from the reward (RLOO); 0 for GRPO. */
  klCoef: number;
  rewardClip: number;
  missingEosPenalty: number;
}

/** TRL GRPOConfig.loss_type values this engine implements. */
export type GrpoLossType = 'grpo' | 'bnpo' | 'dr_grpo' | 'dapo';

export interface GrpoLossOptions {
  epsilonLow: number;
  epsilonHigh: number;
  beta: number;
  lossType: GrpoLossType;
  /** dr_grpo's constant: TRL's max_completion_length (our T). */
  maxCompletionLength: number;
  /** dapo's normaliser: Σ mask over the whole generation batch (TRL's num_items_in_batch). */
  numItemsInBatch: number;
}

/** TRL DPOConfig.loss_type values this engine implements. */
export type DpoLossType = 'sigmoid' | 'ipo';
