/**
 * Scenario 3: verifiable answers (RL with a checker instead of a learned reward, as in RLVR /
 * "reinforcement learning from verifiable rewards"). Prompts are one-digit sums and differences,
 * "3 + 1 =" (P = 4); an answer is one number token then EOS. No reward model: the checker is the
 * reward, so nothing can be hacked except the format. The SFT corpus is only partly correct, so the
 * SFT model guesses plausibly and RL has accuracy to gain.
 */
import type { Rng } from '../tensor/rng';
import { bradleyTerryChoice, checkCount, pick, samplePairs, type Labelled, type PreferencePair, type Scenario, type SftExample, type Tokens } from './scenario';
import { EOS, Tokenizer } from './tokenizer';

/**
 * Operands are 0…4; a − b is only asked with a ≥ b, so every result is in 0…8 (40 distinct
 * prompts). With operands 0…9 (190 prompts) a rollout of 64 answers saw each prompt about once every
 * three iterations, and the tiny model's accuracy did not move in 30 PPO iterations; with 40
 * prompts it rises from ≈ 0.3 to ≈ 0.7 in 20.
 */
const MAX_OPERAND = 4;
const MAX_NUMBER = 2 * MAX_OPERAND;
const NUMBERS = Array.from({ length: MAX_NUMBER + 1 }, (_, i) => String(i));
const OPERATORS = ['+', '-'] as const;

/** Share of corpus answers that are right; the rest are plausible mistakes (see wrongAnswer). */
export const ARITHMETIC_CORRECT_FRACTION = 0.4;

/** Checker scores. Malformed is below wrong so format is learned first, then accuracy. */
export const CORRECT = 1;
export const WRONG = 0;
export const MALFORMED = -1;

/** Labeler noise for the (optional) pairwise view of the checker: a 1-point gap is judged right 99% of the time. */
const ARITHMETIC_LABELER_TAU = 0.2;

export class ArithmeticScenario implements Scenario {
  readonly id = 'arithmetic';
  readonly title = 'Verifiable answers';
  readonly description =
    'Answer one-digit sums and differences ("7 - 3 ="). A checker scores each answer: right 1, ' +
    'wrong 0, malformed −1. There is no reward model: the checker is the reward. The SFT corpus ' +
    'is only 40% right, so RL has something to fix.';
  readonly tokenizer = new Tokenizer([...NUMBERS, ...OPERATORS, '=']);
  readonly promptLength = 4;
  /**
   * A good answer needs 2 tokens (number, EOS); T = 4 leaves room for the malformed answers a
   * policy can drift into (two numbers, a stray "=") so the checker has something to punish.
   */
  readonly maxResponseLength = 4;
  readonly hasRewardModel = false;
  /**
   * A larger actor step than the default 3e-4: the reward is one sparse ±1 per answer and there are
   * 40 separate prompts to get right; at 3e-4 accuracy rose 0.3 → 0.55 in 25 iterations, at 1e-3
   * 0.3 → 0.7 in 20.
   */
  readonly ppoDefaults = { actorLr: 1e-3 };
  private readonly numberBase = this.tokenizer.id('0');
  private readonly plusId = this.tokenizer.id('+');
  private readonly minusId = this.tokenizer.id('-');
  private readonly equalsId = this.tokenizer.id('=');

  /** The number a token stands for, or null if it is not a number token. */
  numberOf(id: number): number | null {
    const n = id - this.numberBase;
    return Number.isInteger(n) && n >= 0 && n <= MAX_NUMBER ? n : null;
  }

  private numberToken(n: number): number {
    if (!Number.isInteger(n) || n < 0 || n > MAX_NUMBER) throw new RangeError(`arithmetic: ${n} has no token`);
    return this.numberBase + n;
  }

  /** The true result of a prompt [a, op, b, =]; throws on anything else (a prompt is never model output). */
  answerOf(prompt: Tokens): number {
    const a = prompt.length === 4 ? this.numberOf(prompt[0]) : null;
    const b = prompt.length === 4 ? this.numberOf(prompt[2]) : null;
    const op = prompt[1];
    if (a === null || b === null || (op !== this.plusId && op !== this.minusId) || prompt[3] !== this.equalsId) {
      throw new Error(`arithmetic: not a prompt of the form "a + b =" / "a - b =": [${Array.from(prompt).join(', ')}]`);
    }
    return op === this.plusId ? a + b : a - b;
  }

  private samplePrompt(rng: Rng): number[] {
    let a = rng.int(MAX_OPERAND + 1);
    let b = rng.int(MAX_OPERAND + 1);
    const plus = rng.uniform() < 0.5;
    if (!plus && a < b) [a, b] = [b, a];
    return [this.numberToken(a), plus ? this.plusId : this.minusId, this.numberToken(b), this.equalsId];
  }

  /**
   * A plausible mistake, never the right answer: off by one or two, the other operation's
   * result, or one of the operands copied — the errors a pattern-matching model makes.
   */
  private wrongAnswer(rng: Rng, prompt: number[]): number {
    const a = this.numberOf(prompt[0])!, b = this.numberOf(prompt[2])!;
    const right = this.answerOf(prompt);
    const other = prompt[1] === this.plusId ? a - b : a + b;
    const candidates = [right - 2, right - 1, right + 1, right + 2, other, a, b]
      .filter((x, i, all) => x !== right && x >= 0 && x <= MAX_NUMBER && all.indexOf(x) === i);
    return pick(rng, candidates); // never empty: right ± 1 has at least one in range
  }

  private sampleAnswer(rng: Rng, prompt: number[]): number[] {
    const n = rng.uniform() < ARITHMETIC_CORRECT_FRACTION ? this.answerOf(prompt) : this.wrongAnswer(rng, prompt);
    return [this.numberToken(n), EOS];
  }

  prompts(rng: Rng, n: number): Int32Array[] {
    checkCount(n);
    return Array.from({ length: n }, () => Int32Array.from(this.samplePrompt(rng)));
  }

  sftExamples(rng: Rng, n: number): SftExample[] {
    checkCount(n);
    return Array.from({ length: n }, () => {
      const prompt = this.samplePrompt(rng);
      return { prompt, response: this.sampleAnswer(rng, prompt) };
    });
  }

  /**
   * The checker. Well-formed = exactly one number token, then EOS (anything after EOS, e.g. PAD,
   * is ignored). Well-formed and right → 1; well-formed and wrong → 0; anything else → −1: no EOS,
   * an empty answer, a non-number, or extra tokens before EOS (PAD included — a policy must not
   * learn to hide junk behind it).
   */
  /** Accuracy and format errors per answer (the checker's three outcomes). */
  diagnostics(prompt: Tokens, response: Tokens): Record<string, number> {
    const g = this.gold(prompt, response);
    return { 'objective/accuracy': g === CORRECT ? 1 : 0, 'objective/malformed': g === MALFORMED ? 1 : 0 };
  }

  gold(prompt: Tokens, response: Tokens): number {
    let eos = -1;
    for (let i = 0; i < response.length && eos < 0; i++) if (response[i] === EOS) eos = i;
    if (eos !== 1) return MALFORMED;
    const n = this.numberOf(response[0]);
    if (n === null) return MALFORMED;
    return n === this.answerOf(prompt) ? CORRECT : WRONG;
  }

  /**
   * Pairwise view of the checker, for the interface and for the preference-labelling UI: the
   * better-scored answer wins (almost surely); equal scores are a coin flip.
   */
  label<R extends Tokens>(rng: Rng, prompt: Tokens, a: R, b: R): Labelled<R> {
    return bradleyTerryChoice(rng, a, b, this.gold(prompt, a), this.gold(prompt, b), ARITHMETIC_LABELER_TAU);
  }

  preferencePairs(rng: Rng, n: number): PreferencePair[] {
    checkCount(n);
    return samplePairs(rng, n, (r) => this.samplePrompt(r), (r, p) => this.sampleAnswer(r, p), (r, p, a, b) => this.label(r, p, a, b));
  }
}

export const arithmeticScenario: Scenario = new ArithmeticScenario();
