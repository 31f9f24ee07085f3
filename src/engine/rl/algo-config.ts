import type { DpoLossType, GrpoLossType, ScaleRewards } from '../model/rl-options';

/**
 * The settings that choose and tune the algorithm beyond PPO (issues #14, #17; docs/algorithms.md).
 * Knobs new with these algorithms carry TRL's names (GRPOConfig, RLOOConfig, DPOConfig) so a run can
 * be compared with a TRL run; the knobs PPO already had keep their names, and TRL's names for them
 * are accepted as aliases (SETTING_ALIASES). PpoConfig extends this interface.
 */
export type Algo = 'ppo' | 'grpo' | 'dr_grpo' | 'dapo' | 'rloo' | 'reinforce_pp' | 'dpo';
export const ALGOS: readonly Algo[] = ['ppo', 'grpo', 'dr_grpo', 'dapo', 'rloo', 'reinforce_pp', 'dpo'];

/** How each algorithm is written in messages and labels. */
export const ALGO_LABEL: Record<Algo, string> = { ppo: 'PPO', grpo: 'GRPO', dr_grpo: 'Dr. GRPO', dapo: 'DAPO', rloo: 'RLOO', reinforce_pp: 'REINFORCE++', dpo: 'DPO' };

export interface AlgoSettings {
  /** Which algorithm updates the actor: the advantage estimator and the loss (docs/algorithms.md). */
  algo: Algo;
  /** G: answers sampled per prompt (TRL num_generations; GRPO family and RLOO). B must be a multiple of G. */
  num_generations: number;
  /** TRL loss_type: 'grpo' | 'bnpo' | 'dr_grpo' | 'dapo' for the GRPO family, 'sigmoid' | 'ipo' for DPO. */
  loss_type: GrpoLossType | DpoLossType;
  /** ε_high: the upper clip of the ratio (DAPO's clip-higher); the lower one is clipEps (TRL epsilon). */
  epsilon_high: number;
  /** TRL scale_rewards: divide the group advantage by the group's std, the batch's, or not at all (Dr. GRPO). */
  scale_rewards: ScaleRewards;
  /** TRL RLOOConfig.normalize_advantages: whiten RLOO's advantages over the batch. */
  normalize_advantages: boolean;
  /** DAPO's dynamic sampling: groups whose rewards are all equal are dropped and prompts resampled. */
  dynamic_sampling: boolean;
  /** The bound on dynamic sampling: generation rounds per batch (verl's max_num_gen_batches). */
  max_num_gen_batches: number;
  /** DPO's preference pairs: the scenario's labeller, or the class's own labels from the labeller panel. */
  dpo_pairs: 'scenario' | 'class';
  /** γ_ptx: weight of the SFT cross-entropy added to every actor update (InstructGPT's PPO-ptx); 0 = off. */
  ptxCoef: number;
  /** SFT corpus examples in each actor update's PTX term. */
  ptxBatchSize: number;
}

export const DEFAULT_ALGO: AlgoSettings = {
  algo: 'ppo',
  num_generations: 8,
  loss_type: 'grpo',
  epsilon_high: 0.2,
  scale_rewards: 'group',
  normalize_advantages: false,
  dynamic_sampling: false,
  max_num_gen_batches: 4,
  dpo_pairs: 'scenario',
  ptxCoef: 0,
  ptxBatchSize: 16,
};

/** The settings each algorithm starts from (over the PPO defaults; the scenario's and the user's come after). */
export const ALGO_DEFAULTS: Record<Algo, Readonly<Record<string, number | boolean | string>>> = {
  ppo: {},
  grpo: { loss_type: 'grpo', scale_rewards: 'group', klCoef: 0.04 },
  dr_grpo: { loss_type: 'dr_grpo', scale_rewards: 'none', klCoef: 0 },
  dapo: { loss_type: 'dapo', scale_rewards: 'group', epsilon_high: 0.28, dynamic_sampling: true, klCoef: 0 },
  rloo: { num_generations: 4, klCoef: 0.05 },
  reinforce_pp: { klCoef: 0.05 },
  // 128 labeller pairs × 2 epochs at lr 1e-3: held-out accuracy 0.83–0.87 after 16 iterations (seeds 1–5,
  // pipeline/algorithms-learning.test.ts); 64 pairs × 4 epochs at 3e-4 reached only 0.80–0.82 after 20.
  dpo: { loss_type: 'sigmoid', klCoef: 0.5, epochs: 2, minibatches: 2, batchSize: 128, actorLr: 1e-3 },
};

/** TRL's names for settings PPO already had (and RLOO's name before TRL 0.20), accepted wherever settings are read. */
export const SETTING_ALIASES: Readonly<Record<string, string>> = {
  epsilon: 'clipEps',
  beta: 'klCoef',
  num_iterations: 'epochs',
  rloo_k: 'num_generations',
};

/** The GRPO family: critic-free, one advantage per answer from its group, the GRPO loss. */
export const isGrpoFamily = (a: Algo): boolean => a === 'grpo' || a === 'dr_grpo' || a === 'dapo';
/** Algorithms that sample G answers per prompt. */
export const usesGroups = (a: Algo): boolean => isGrpoFamily(a) || a === 'rloo';
/** Algorithms that train and use the critic. */
export const usesCritic = (a: Algo): boolean => a === 'ppo';

type Rule = (v: unknown, c: AlgoSettings & { batchSize: number }) => string | null;
const oneOf = (...xs: unknown[]) => (v: unknown) => (xs.includes(v) ? null : `must be one of ${xs.map((x) => JSON.stringify(x)).join(', ')}, got ${JSON.stringify(v)}`);
const int = (lo: number, hi: number) => (v: unknown) =>
  typeof v !== 'number' || !Number.isInteger(v) ? `must be a whole number, got ${JSON.stringify(v)}` : v < lo || v > hi ? `must be in [${lo}, ${hi}], got ${v}` : null;
const real = (lo: number, hi: number) => (v: unknown) =>
  typeof v !== 'number' || !Number.isFinite(v) ? `must be a number, got ${JSON.stringify(v)}` : v < lo || v > hi ? `must be in [${lo}, ${hi}], got ${v}` : null;

/** Validation of each knob (a message naming what is wrong, or null); run after the PPO knobs'. */
export const ALGO_RULES: Record<keyof AlgoSettings, Rule> = {
  algo: oneOf(...ALGOS),
  num_generations: (v, c) => {
    const e = int(1, 4096)(v);
    if (e || !usesGroups(c.algo)) return e;
    if ((v as number) < 2) return `must be ≥ 2 for ${c.algo} (a group needs a second answer to compare with), got ${v}`;
    return c.batchSize % (v as number) === 0 ? null : `must divide batchSize (${c.batchSize}): every prompt gets the same number of answers, got ${v}`;
  },
  loss_type: (v, c) => (c.algo === 'dpo' ? oneOf('sigmoid', 'ipo')(v) : oneOf('grpo', 'bnpo', 'dr_grpo', 'dapo')(v)),
  epsilon_high: real(0, 10),
  scale_rewards: oneOf('group', 'batch', 'none'),
  normalize_advantages: oneOf(true, false),
  dynamic_sampling: (v, c) => oneOf(true, false)(v) ?? (v && !usesGroups(c.algo) ? `needs groups of answers (grpo, dr_grpo, dapo or rloo), not ${c.algo}` : null),
  max_num_gen_batches: int(1, 64),
  dpo_pairs: oneOf('scenario', 'class'),
  ptxCoef: real(0, 100),
  ptxBatchSize: int(1, 1024),
};

/**
 * Settings written with TRL's names mapped to ours (epsilon → clipEps …), and TRL's boolean
 * scale_rewards mapped to its strings (True → 'group', False → 'none', as GRPOConfig does).
 * A setting given under both names is refused (`fail(field, reason)`): which one was meant cannot be known.
 */
export function resolveAliases(overrides: Record<string, unknown>, fail: (field: string, reason: string) => never): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null); // '__proto__' stays an own key, refused later as not a setting
  for (const [k, v] of Object.entries(overrides)) {
    const name = Object.hasOwn(SETTING_ALIASES, k) ? SETTING_ALIASES[k] : k;
    if (name !== k && name in overrides) fail(k, `is TRL's name for ${name}, which is also given; give only one`);
    out[name] = v;
  }
  if (out.scale_rewards === true) out.scale_rewards = 'group';
  if (out.scale_rewards === false) out.scale_rewards = 'none';
  return out;
}
