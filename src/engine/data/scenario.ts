/**
 * What a scenario is: a tiny closed language (tokenizer), a prompt set, an SFT corpus, a rule-based
 * "gold" judgement standing in for the true human preference, and a labeler that turns gold into
 * noisy (or biased) pairwise preferences for reward-model training. Everything random takes the
 * caller's Rng, so a run is reproducible from its seed (use `new Rng(seed, STREAM.<purpose>)`, tensor/streams.ts).
 */
import type { Rng } from '../tensor/rng';
import { EOS, PAD, type Tokenizer } from './tokenizer';

/** A token sequence as stored anywhere in the engine: a plain array or a row of an Int32Array. */
export type Tokens = ArrayLike<number>;

export interface SftExample {
  prompt: number[]; // (P)
  response: number[]; // (≤ T), ends with EOS
}

export interface PreferencePair {
  prompt: number[]; // (P)
  chosen: number[]; // (≤ T), ends with EOS
  rejected: number[]; // (≤ T), ends with EOS
}

export interface Labelled<R> {
  chosen: R;
  rejected: R;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly tokenizer: Tokenizer;
  /** P: every prompt of this scenario has exactly this many tokens. */
  readonly promptLength: number;
  /** T: the longest answer, EOS included. */
  readonly maxResponseLength: number;
  /** False when gold is a checker that is itself the reward (no reward model is trained). */
  readonly hasRewardModel: boolean;
  /** PPO settings this scenario recommends over the defaults (applied before the user's own). */
  readonly ppoDefaults?: Readonly<Record<string, number | boolean | string>>;
  /** n prompts, each an Int32Array of length P. */
  prompts(rng: Rng, n: number): Int32Array[];
  /** n (prompt, answer) pairs from the corpus distribution; answers end with EOS, length ≤ T. */
  sftExamples(rng: Rng, n: number): SftExample[];
  /**
   * The rule-based "true human judgement" of an answer. The answer may lack EOS (then every token
   * counts) or carry PAD (or anything) after EOS (ignored).
   */
  gold(prompt: Tokens, response: Tokens): number;
  /** The labeler: which of two answers to the same prompt a (simulated) human prefers. */
  label<R extends Tokens>(rng: Rng, prompt: Tokens, a: R, b: R): Labelled<R>;
  /** n pairs of corpus answers to the same prompt, labelled by `label`. */
  preferencePairs(rng: Rng, n: number): PreferencePair[];
  /**
   * Per-answer numbers worth charting for this scenario (averaged over a rollout into the stats),
   * e.g. how often the reward-hacking bait appears, or arithmetic accuracy.
   */
  diagnostics?(prompt: Tokens, response: Tokens): Record<string, number>;
}

/**
 * The answer's tokens up to (not including) the first EOS, PAD dropped, and whether EOS was seen.
 * PAD inside an answer is a sampling artefact, not a word, so scorers skip it.
 */
export function answerTokens(response: Tokens): { tokens: number[]; hasEos: boolean } {
  const tokens: number[] = [];
  for (let i = 0; i < response.length; i++) {
    const t = response[i];
    if (t === EOS) return { tokens, hasEos: true };
    if (t !== PAD) tokens.push(t);
  }
  return { tokens, hasEos: false };
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Bradley–Terry choice (Bradley & Terry 1952; the model behind the reward-model loss,
 * conventions §3): a is preferred with probability σ((u(a) − u(b)) / τ). τ is the labeler's noise
 * in utility units: τ → 0 always picks the better answer, large τ is a coin flip. Draws exactly
 * one uniform per call whatever the utilities, so the rng stream does not depend on the answers.
 */
export function bradleyTerryChoice<R>(rng: Rng, a: R, b: R, ua: number, ub: number, tau: number): Labelled<R> {
  const pA = sigmoid((ua - ub) / tau);
  return rng.uniform() < pA ? { chosen: a, rejected: b } : { chosen: b, rejected: a };
}

/**
 * Pairs of corpus answers to one prompt. b is redrawn (a few times at most) while it equals a: an
 * identical pair teaches the reward model nothing. Returns plain arrays.
 */
export function samplePairs(
  rng: Rng,
  n: number,
  samplePrompt: (rng: Rng) => number[],
  sampleAnswer: (rng: Rng, prompt: number[]) => number[],
  label: (rng: Rng, prompt: number[], a: number[], b: number[]) => Labelled<number[]>,
): PreferencePair[] {
  const out: PreferencePair[] = [];
  for (let i = 0; i < n; i++) {
    const prompt = samplePrompt(rng);
    const a = sampleAnswer(rng, prompt);
    let b = sampleAnswer(rng, prompt);
    for (let k = 0; k < 8 && sameTokens(a, b); k++) b = sampleAnswer(rng, prompt);
    out.push({ prompt, ...label(rng, prompt, a, b) });
  }
  return out;
}

export function sameTokens(a: Tokens, b: Tokens): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Uniform pick from a list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** Checks n before allocating n examples: a negative or fractional n is a caller bug. */
export function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`count must be a non-negative integer: ${n}`);
}
