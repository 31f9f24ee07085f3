/**
 * Scenario 1 (the default): positive reviews. The classic RLHF demo in miniature (Ziegler et al.
 * 2019, "Fine-Tuning Language Models from Human Preferences", positive-sentiment continuation):
 * the model continues a review opening; SFT imitates a corpus of mixed sentiment; the labeler
 * prefers the more positive answer, noisily; PPO against a reward model trained on those
 * preferences should make answers more positive, measured by the gold scorer it never sees.
 */
import type { Rng } from '../tensor/rng';
import { ReviewLanguage, REVIEW_MAX_RESPONSE_LENGTH, REVIEW_PROMPT_LENGTH } from './review-language';
import { bradleyTerryChoice, checkCount, samplePairs, type Labelled, type PreferencePair, type Scenario, type SftExample, type Tokens } from './scenario';

/**
 * Labeler noise τ in gold units for P(a ≻ b) = σ((gold(a) − gold(b)) / τ). With τ = 1 a gap of one
 * strong word (3) is judged right 95% of the time and a one-point gap 73%. τ = 2 (87% agreement
 * with gold on non-tied corpus pairs) left the tiny reward model at 79.8% held-out accuracy after
 * 400 steps — the labels' own noise caps what any model can reach — below the 80% the playground
 * promises; τ = 1 keeps the labeler visibly noisy on close calls while leaving room to learn.
 * Tied answers are a coin flip.
 */
export const REVIEWS_LABELER_TAU = 1;

/** Shared base of the two review scenarios; subclasses only change the labeler's utility. */
export class ReviewScenario implements Scenario {
  readonly id: string = 'reviews';
  readonly title: string = 'Positive reviews';
  readonly description: string =
    'Continue a short movie review ("the plot was …"). The SFT corpus mixes praise, complaints and ' +
    'negations; the labeler prefers the more positive answer (AFINN-165 sentiment, with noise). ' +
    'RLHF should make the model write warmer reviews.';
  readonly language = new ReviewLanguage();
  readonly tokenizer = this.language.tokenizer;
  readonly promptLength = REVIEW_PROMPT_LENGTH;
  readonly maxResponseLength = REVIEW_MAX_RESPONSE_LENGTH;
  readonly hasRewardModel = true;
  /** The labeler's noise τ (see REVIEWS_LABELER_TAU). */
  readonly labelerTau: number = REVIEWS_LABELER_TAU;

  prompts(rng: Rng, n: number): Int32Array[] {
    checkCount(n);
    return Array.from({ length: n }, () => Int32Array.from(this.language.samplePrompt(rng)));
  }

  sftExamples(rng: Rng, n: number): SftExample[] {
    checkCount(n);
    return Array.from({ length: n }, () => {
      const prompt = this.language.samplePrompt(rng);
      return { prompt, response: this.language.sampleAnswer(rng) };
    });
  }

  gold(_prompt: Tokens, response: Tokens): number {
    return this.language.gold(response);
  }

  /** What the labeler maximises; for this scenario exactly the gold score. */
  labelerUtility(prompt: Tokens, response: Tokens): number {
    return this.gold(prompt, response);
  }

  label<R extends Tokens>(rng: Rng, prompt: Tokens, a: R, b: R): Labelled<R> {
    return bradleyTerryChoice(rng, a, b, this.labelerUtility(prompt, a), this.labelerUtility(prompt, b), this.labelerTau);
  }

  preferencePairs(rng: Rng, n: number): PreferencePair[] {
    checkCount(n);
    return samplePairs(
      rng,
      n,
      (r) => this.language.samplePrompt(r),
      (r) => this.language.sampleAnswer(r),
      (r, p, a, b) => this.label(r, p, a, b),
    );
  }
}

export const reviewsScenario: Scenario = new ReviewScenario();
