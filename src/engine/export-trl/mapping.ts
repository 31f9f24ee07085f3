import type { Algo } from '../rl/algo-config';
import type { PpoConfig } from '../rl/ppo-config';
import type { PyValue } from './python';

/**
 * Every setting of a playground run → the TRL config field(s) that do the same, or the reason there
 * is none (issue #16; docs/trl-export.md is generated from this table, docs/algorithms.md has the
 * maths each algorithm follows). Targets TRL 1.10 (trl-fields.json lists the fields relied on).
 */
export type TrlTrainer = 'PPO' | 'GRPO' | 'RLOO' | 'DPO';
export const TRL_TRAINERS: readonly TrlTrainer[] = ['PPO', 'GRPO', 'RLOO', 'DPO'];

/** The TRL trainer each algorithm is exported to. REINFORCE++ has no TRL trainer: GRPOTrainer comes closest (see GRPO rules). */
export const TRAINER_OF: Record<Algo, TrlTrainer> = { ppo: 'PPO', grpo: 'GRPO', dr_grpo: 'GRPO', dapo: 'GRPO', reinforce_pp: 'GRPO', rloo: 'RLOO', dpo: 'DPO' };

export const TRL_CLASSES: Record<TrlTrainer, { config: string; trainer: string; module: string }> = {
  PPO: { config: 'PPOConfig', trainer: 'PPOTrainer', module: 'trl.experimental.ppo' },
  GRPO: { config: 'GRPOConfig', trainer: 'GRPOTrainer', module: 'trl' },
  RLOO: { config: 'RLOOConfig', trainer: 'RLOOTrainer', module: 'trl' },
  DPO: { config: 'DPOConfig', trainer: 'DPOTrainer', module: 'trl' },
};

type Key = keyof PpoConfig;

interface FieldRule {
  field: string;
  /** How the value is formed, in the playground's letters (B, M, K, N, T…), for the docs table. */
  expr: string;
  from: Key[];
  value: (c: PpoConfig) => PyValue;
  /** Only when this holds (e.g. k2 has no TRL estimator). */
  when?: (c: PpoConfig) => boolean;
  /** Written as a comment next to the field: where TRL's meaning differs. */
  note?: string;
}

const rule = (field: string, expr: string, from: Key[], value: (c: PpoConfig) => PyValue, extra: Partial<FieldRule> = {}): FieldRule => ({ field, expr, from, value, ...extra });

const perDevice = rule('per_device_train_batch_size', 'B / M', ['batchSize', 'minibatches'], (c) => c.batchSize / c.minibatches, { note: 'one optimizer step per minibatch of B/M answers, as in the playground' });
const noAccumulation = rule('gradient_accumulation_steps', '1', [], () => 1);
const common: FieldRule[] = [
  rule('learning_rate', 'actorLr', ['actorLr'], (c) => c.actorLr),
  rule('max_grad_norm', 'maxGradNorm (0 = off in both)', ['maxGradNorm'], (c) => c.maxGradNorm),
  rule('lr_scheduler_type', 'lrSchedule', ['lrSchedule'], (c) => c.lrSchedule),
  rule('seed', 'seed', ['seed'], (c) => c.seed),
  perDevice,
  noAccumulation,
];

const UNUSED_NO_CRITIC = 'not used: this algorithm has no critic';
const NO_ADAPTIVE = 'no counterpart: TRL 1.10 has no adaptive KL controller, β stays fixed';
const NO_PTX = 'no counterpart: TRL has no PPO-ptx (SFT loss mixed into the RL update); continue with SFT separately';
const NO_DYNAMIC = 'no counterpart: TRL 1.10 has no dynamic sampling (DAPO §3.2); every group is kept';
const shared = {
  adaptiveKl: NO_ADAPTIVE, klTarget: NO_ADAPTIVE, klHorizon: NO_ADAPTIVE,
  ptxCoef: NO_PTX, ptxBatchSize: NO_PTX,
  dynamic_sampling: NO_DYNAMIC, max_num_gen_batches: NO_DYNAMIC,
  dpo_pairs: 'not used: only DPO trains on preference pairs',
} as const;

const ppoRules: FieldRule[] = [
  ...common,
  rule('num_mini_batches', 'M', ['minibatches'], (c) => c.minibatches),
  rule('num_ppo_epochs', 'K', ['epochs'], (c) => c.epochs),
  rule('total_episodes', 'N · B', ['totalIterations'], (c) => c.totalIterations * c.batchSize),
  rule('response_length', 'T', ['maxResponseLength'], (c) => c.maxResponseLength),
  rule('temperature', 'temperature', ['temperature'], (c) => c.temperature),
  rule('cliprange', 'ε', ['clipEps'], (c) => c.clipEps),
  rule('cliprange_value', 'εv', ['valueClipEps'], (c) => c.valueClipEps),
  rule('gamma', 'γ', ['gamma'], (c) => c.gamma),
  rule('lam', 'λ', ['lambda'], (c) => c.lambda),
  rule('kl_coef', 'β', ['klCoef'], (c) => c.klCoef),
  rule('kl_estimator', 'klEstimator (k1, k3)', ['klEstimator'], (c) => c.klEstimator, { when: (c) => c.klEstimator !== 'k2' }),
  rule('stop_token', '"eos"', [], () => 'eos', { note: 'answers end at EOS, as in the playground (needed for missing_eos_penalty)' }),
  rule('missing_eos_penalty', '−missingEosPenalty', ['missingEosPenalty'], (c) => -c.missingEosPenalty, {
    note: 'TRL subtracts this from the score of an answer without EOS; the playground replaces the score by missingEosPenalty',
  }),
];
const ppoWhy: Partial<Record<Key, string>> = {
  ...shared,
  algo: 'chooses the trainer: PPOTrainer (trl.experimental.ppo)',
  klEstimator: 'k2 has no counterpart (TRL: k1 or k3); kl_estimator stays k1',
  rewardClip: 'no counterpart: PPOConfig does not clip the score',
  whitenAdvantages: 'no counterpart: TRL always whitens the advantages (whiten_rewards is another knob, left off)',
  criticLr: 'no counterpart: TRL trains policy and value with one optimizer at learning_rate, the value loss weighted by vf_coef (0.1)',
  criticInit: 'train.py loads the value model from the reward model, as the playground ("reward-model") and TRL\'s example do; "zero-head" has no counterpart',
  num_generations: 'not used: PPO samples one answer per prompt',
  loss_type: 'not used by PPO', epsilon_high: 'not used by PPO (ε clips both sides)', scale_rewards: 'not used by PPO', normalize_advantages: 'not used by PPO',
};

const groupRules = (trainer: 'GRPO' | 'RLOO'): FieldRule[] => [
  ...common,
  rule('steps_per_generation', 'M', ['minibatches'], (c) => c.minibatches, { note: 'generation batch = B answers, used for M optimizer steps' }),
  rule('num_iterations', 'K', ['epochs'], (c) => c.epochs),
  rule('max_steps', 'N · M · K', ['totalIterations'], (c) => c.totalIterations * c.minibatches * c.epochs, { note: 'one TRL step is one optimizer step' }),
  rule('max_completion_length', 'T', ['maxResponseLength'], (c) => c.maxResponseLength),
  rule('temperature', 'temperature', ['temperature'], (c) => c.temperature),
  rule('epsilon', 'ε', ['clipEps'], (c) => c.clipEps),
  rule('epsilon_high', 'ε_high', ['epsilon_high'], (c) => c.epsilon_high),
  rule('beta', 'β', ['klCoef'], (c) => c.klCoef, trainer === 'GRPO' ? { note: 'GRPO puts β·k3 in the loss, not in the reward' } : {}),
  rule('num_generations', 'G (REINFORCE++: 2)', ['num_generations'], (c) => (c.algo === 'reinforce_pp' ? 2 : c.num_generations)),
];
const grpoRules: FieldRule[] = [
  ...groupRules('GRPO'),
  rule('loss_type', 'loss_type (REINFORCE++: "bnpo")', ['loss_type'], (c) => (c.algo === 'reinforce_pp' ? 'bnpo' : c.loss_type)),
  rule('scale_rewards', 'scale_rewards (REINFORCE++: "batch")', ['scale_rewards'], (c) => (c.algo === 'reinforce_pp' ? 'batch' : c.scale_rewards)),
];
const groupWhy: Partial<Record<Key, string>> = {
  ...shared,
  valueClipEps: UNUSED_NO_CRITIC, criticLr: UNUSED_NO_CRITIC, criticInit: UNUSED_NO_CRITIC,
  gamma: 'not used: one reward per answer, no discounting', lambda: UNUSED_NO_CRITIC,
  whitenAdvantages: 'not used: the group advantage has its own scaling',
  klEstimator: 'no choice in TRL: the KL term is k3',
  missingEosPenalty: 'no counterpart: TRL reward functions see the text; mask_truncated_completions (left off) is the nearest knob',
};
const grpoWhy: Partial<Record<Key, string>> = {
  ...groupWhy,
  algo: 'chooses GRPOTrainer; grpo, dr_grpo and dapo differ by loss_type, scale_rewards, β and epsilon_high. REINFORCE++ has no TRL trainer: exported as GRPO with scale_rewards "batch" and 2 answers per prompt (REINFORCE++-baseline), whose KL is in the loss (k3) rather than in the per-token reward',
  rewardClip: 'no counterpart in GRPOConfig (RLOOConfig has reward_clip_range); the scores stay unclipped',
  normalize_advantages: 'not used by GRPO (RLOO only)',
};
const rlooWhy: Partial<Record<Key, string>> = {
  ...groupWhy,
  algo: 'chooses RLOOTrainer',
  loss_type: 'not used by RLOO', scale_rewards: 'not used by RLOO (normalize_advantages is its knob)',
};
const rlooRules: FieldRule[] = [
  ...groupRules('RLOO'),
  rule('normalize_advantages', 'normalize_advantages', ['normalize_advantages'], (c) => c.normalize_advantages),
  rule('reward_clip_range', '[−rewardClip, rewardClip]', ['rewardClip'], (c) => [-c.rewardClip, c.rewardClip]),
];

const dpoRules: FieldRule[] = [
  ...common,
  rule('num_train_epochs', 'K', ['epochs'], (c) => c.epochs, { note: 'each pair is seen K times; the playground does K passes over each iteration\'s B pairs before drawing new ones' }),
  rule('beta', 'β', ['klCoef'], (c) => c.klCoef),
  rule('loss_type', 'loss_type', ['loss_type'], (c) => c.loss_type),
];
const UNUSED_DPO = 'not used: DPO samples nothing it trains on';
const dpoWhy: Partial<Record<Key, string>> = {
  ...shared,
  algo: 'chooses DPOTrainer',
  dpo_pairs: 'chooses the training file: data/preferences.jsonl (the scenario\'s labeller) or data/class_preferences.jsonl (the class\'s labels)',
  totalIterations: 'sets the size of the training data: N · B pairs (the playground draws B new pairs per iteration)',
  temperature: UNUSED_DPO, maxResponseLength: 'not used: the answers are the data\'s (each ≤ T tokens in the playground)',
  clipEps: UNUSED_DPO, epsilon_high: UNUSED_DPO, num_generations: UNUSED_DPO, scale_rewards: UNUSED_DPO, normalize_advantages: UNUSED_DPO,
  rewardClip: UNUSED_DPO, missingEosPenalty: UNUSED_DPO, whitenAdvantages: UNUSED_DPO, klEstimator: UNUSED_DPO,
  valueClipEps: UNUSED_NO_CRITIC, criticLr: UNUSED_NO_CRITIC, criticInit: UNUSED_NO_CRITIC, gamma: UNUSED_NO_CRITIC, lambda: UNUSED_NO_CRITIC,
};

export const TRL_RULES: Record<TrlTrainer, { rules: FieldRule[]; why: Partial<Record<Key, string>> }> = {
  PPO: { rules: ppoRules, why: ppoWhy },
  GRPO: { rules: grpoRules, why: grpoWhy },
  RLOO: { rules: rlooRules, why: rlooWhy },
  DPO: { rules: dpoRules, why: dpoWhy },
};

export interface MappedField { field: string; value: PyValue; from: Key[]; note?: string }
export interface TrlMapping {
  trainer: TrlTrainer;
  fields: MappedField[];
  /** Our settings with no TRL field (written as comments in train.py), each with its value and why. */
  unmapped: { key: Key; value: PpoConfig[Key]; why: string }[];
}

/** The run's settings as TRL config fields, and the settings with no counterpart. Throws if a setting is neither (a gap in the table). */
export function trlMapping(c: PpoConfig): TrlMapping {
  const trainer = TRAINER_OF[c.algo];
  const { rules, why } = TRL_RULES[trainer];
  const applied = rules.filter((r) => !r.when || r.when(c));
  const fields = applied.map((r) => ({ field: r.field, value: r.value(c), from: r.from, ...(r.note ? { note: r.note } : {}) }));
  const covered = new Set(applied.flatMap((r) => r.from));
  const unmapped: TrlMapping['unmapped'] = [];
  for (const key of Object.keys(c) as Key[]) {
    if (covered.has(key)) continue;
    const reason = why[key];
    if (!reason) throw new Error(`TRL export: the setting ${key} has neither a ${trainer} field nor a reason (src/engine/export-trl/mapping.ts)`);
    unmapped.push({ key, value: c[key], why: reason });
  }
  return { trainer, fields, unmapped };
}
