import type { KlEstimator } from '../model/backend';
import { ALGO_DEFAULTS, ALGO_RULES, DEFAULT_ALGO, resolveAliases, type Algo, type AlgoSettings } from './algo-config';

/**
 * Every knob of a PPO run, with its default (cleanrl style: one typed config, a doc comment and a
 * default per field). Names follow TRL's PPOConfig where one exists.
 */
export interface PpoConfig extends AlgoSettings {
  /** B: answers sampled per iteration (rollout batch). */
  batchSize: number;
  /** T: the longest answer in tokens, EOS included (≤ the scenario's and the model's limit). */
  maxResponseLength: number;
  /** Sampling temperature; the same temperature divides actor, old-actor and reference logits. */
  temperature: number;
  /** K: passes over the rollout batch per iteration. */
  epochs: number;
  /** M: minibatches per epoch (B must be divisible by M). */
  minibatches: number;
  /** ε: PPO ratio clip (Schulman et al. 2017, eq. 7). */
  clipEps: number;
  /** εv: value clip around the old values. */
  valueClipEps: number;
  /** γ: discount over response tokens. */
  gamma: number;
  /** λ: GAE parameter (Schulman et al. 2016). */
  lambda: number;
  /** β: KL penalty coefficient (the initial one when adaptive). */
  klCoef: number;
  /** Adapt β towards `klTarget` (Ziegler et al. 2019). */
  adaptiveKl: boolean;
  /** Target per-sequence KL for the adaptive controller (nats). */
  klTarget: number;
  /** Horizon of the adaptive controller (in answers). */
  klHorizon: number;
  /** Which KL estimator enters the reward: k1 = log p − log q (default), k2, k3. */
  klEstimator: KlEstimator;
  /** Scores are clipped to ±rewardClip before landing on the last token. */
  rewardClip: number;
  /** The score given to answers that never emit EOS (PAD is not EOS). */
  missingEosPenalty: number;
  /** Whiten advantages over the whole rollout (masked mean / variance of all B×T tokens, as TRL). */
  whitenAdvantages: boolean;
  /** Actor learning rate (AdamW). */
  actorLr: number;
  /** Critic learning rate (AdamW). */
  criticLr: number;
  /** Global gradient-norm clip for both models; 0 = off. */
  maxGradNorm: number;
  /** Learning-rate schedule over `totalIterations`: constant, or linear decay to 0. */
  lrSchedule: 'constant' | 'linear';
  /** Iterations the schedule spans. */
  totalIterations: number;
  /** Where the critic starts: the reward model's weights (TRL), or the SFT body with a zero value head. */
  criticInit: 'reward-model' | 'zero-head';
  /** Seed of everything random in the run (prompts, sampling, shuffling). */
  seed: number;
}

export const DEFAULT_PPO: PpoConfig = {
  batchSize: 64,
  maxResponseLength: 12,
  temperature: 1,
  epochs: 4,
  minibatches: 2,
  clipEps: 0.2,
  valueClipEps: 0.2,
  gamma: 1,
  lambda: 0.95,
  klCoef: 0.05,
  adaptiveKl: false,
  klTarget: 6,
  klHorizon: 10000,
  klEstimator: 'k1',
  rewardClip: 10,
  missingEosPenalty: -1,
  whitenAdvantages: true,
  actorLr: 3e-4,
  criticLr: 1e-3,
  maxGradNorm: 1,
  lrSchedule: 'constant',
  totalIterations: 100,
  criticInit: 'reward-model',
  seed: 1,
  ...DEFAULT_ALGO,
};

type Rule = (v: unknown, c: PpoConfig) => string | null;
export const MIN_TEMPERATURE = 0.05;
export const MAX_TOTAL_ITERATIONS = 1e7;
const num = (lo: number, hi: number, opts: { int?: boolean; loOpen?: boolean } = {}): Rule => (v) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a number, got ${JSON.stringify(v)}`;
  if (opts.int && !Number.isInteger(v)) return `must be a whole number, got ${v}`;
  if (opts.loOpen ? v <= lo : v < lo) return `must be ${opts.loOpen ? '>' : '≥'} ${lo}, got ${v}`;
  if (v > hi) return `must be ≤ ${hi}, got ${v}`;
  return null;
};
const oneOf = (...xs: unknown[]): Rule => (v) => (xs.includes(v) ? null : `must be one of ${xs.map((x) => JSON.stringify(x)).join(', ')}, got ${JSON.stringify(v)}`);

const RULES: Record<keyof PpoConfig, Rule> = {
  batchSize: num(1, 4096, { int: true }),
  maxResponseLength: num(1, 512, { int: true }),
  // Below 0.05 sampling is greedy anyway, and logits / temperature leave float32's range.
  temperature: (v, c) => num(0, 10, { loOpen: true })(v, c) ?? ((v as number) < MIN_TEMPERATURE ? `must be ≥ ${MIN_TEMPERATURE} (below that sampling is greedy anyway and the log-probabilities overflow), got ${v}` : null),
  epochs: num(1, 64, { int: true }),
  minibatches: (v, c) => num(1, 4096, { int: true })(v, c) ?? (c.batchSize % (v as number) === 0 ? null : `must divide batchSize (${c.batchSize}), got ${v}`),
  clipEps: num(0, 10),
  valueClipEps: num(0, 1e6),
  gamma: num(0, 1),
  lambda: num(0, 1),
  klCoef: num(0, 100),
  adaptiveKl: oneOf(true, false),
  klTarget: num(1e-3, 1e3),
  // One iteration then moves β by at most ±20% (adaptKlCoef).
  klHorizon: (v, c) => num(1, 1e9)(v, c) ?? ((v as number) < c.batchSize ? `must be ≥ batchSize (${c.batchSize}) so that β changes by at most 20% per iteration, got ${v}` : null),
  klEstimator: oneOf('k1', 'k2', 'k3'),
  rewardClip: num(0, 1e6),
  missingEosPenalty: num(-1e6, 1e6),
  whitenAdvantages: oneOf(true, false),
  actorLr: num(0, 1),
  criticLr: num(0, 1),
  maxGradNorm: num(0, 1e9),
  lrSchedule: oneOf('constant', 'linear'),
  totalIterations: num(1, MAX_TOTAL_ITERATIONS, { int: true }),
  criticInit: oneOf('reward-model', 'zero-head'),
  seed: num(0, 0xffffffff, { int: true }),
  ...ALGO_RULES,
};

export class ConfigError extends Error {
  constructor(readonly field: string, reason: string) {
    super(`${field} ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * A full config from defaults and overrides; throws ConfigError naming the first bad field. The
 * chosen algorithm's defaults (ALGO_DEFAULTS) sit between the global defaults and the overrides;
 * TRL's names for our settings are accepted (SETTING_ALIASES: epsilon, beta, num_iterations, rloo_k).
 */
export function makePpoConfig(raw: Partial<Record<string, unknown>> = {}): PpoConfig {
  const overrides = resolveAliases(raw, (field, reason) => { throw new ConfigError(field, reason); });
  for (const k of Object.keys(overrides)) {
    if (!Object.hasOwn(RULES, k)) throw new ConfigError(k, `is not a PPO setting (known: ${Object.keys(RULES).join(', ')})`);
  }
  const algo = (overrides.algo ?? DEFAULT_PPO.algo) as Algo;
  const c = { ...DEFAULT_PPO, ...(ALGO_DEFAULTS[algo] ?? {}), ...overrides } as PpoConfig;
  for (const k of Object.keys(RULES) as (keyof PpoConfig)[]) {
    const err = RULES[k](c[k], c);
    if (err) throw new ConfigError(k, err);
  }
  return c;
}

/** The learning-rate multiplier at `iteration` (0-based). */
export function lrFactor(c: PpoConfig, iteration: number): number {
  if (c.lrSchedule === 'constant') return 1;
  return Math.max(0, 1 - iteration / c.totalIterations);
}

/**
 * Ziegler et al. (2019) adaptive KL controller: β ← β·(1 + clip(KL/target − 1, ±0.2)·n/horizon),
 * with n/horizon capped at 1 (validation asks horizon ≥ batchSize anyway), so the factor stays in
 * [0.8, 1.2]: β never changes sign nor grows more than 20% per iteration, whatever the settings.
 */
export function adaptKlCoef(beta: number, observedKl: number, c: PpoConfig, n: number): number {
  const err = Math.min(0.2, Math.max(-0.2, observedKl / c.klTarget - 1));
  return beta * (1 + err * Math.min(1, n / c.klHorizon));
}
