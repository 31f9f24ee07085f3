import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { BAIT_BONUS, BAIT_WORD, RewardHackingScenario } from './reward-hacking';
import { REVIEWS_LABELER_TAU, ReviewScenario } from './reviews';
import { sigmoid } from './scenario';
import { fitsBernoulli } from './test-stats';

const hack = new RewardHackingScenario();
const reviews = new ReviewScenario();
const tok = hack.tokenizer;
const prompt = tok.encode('the plot was');
const ans = (text: string) => tok.encode(text);

function timesChosen(s: ReviewScenario, a: number[], b: number[], n: number, seed: number): number {
  const rng = new Rng(seed, STREAM.sftBatches);
  let k = 0;
  for (let i = 0; i < n; i++) if (s.label(rng, prompt, a, b).chosen === a) k++;
  return k;
}

describe('reward-hacking scenario', () => {
  it('shares the reviews language, corpus and gold scorer', () => {
    expect(hack.id).toBe('reward-hacking');
    expect(tok.vocab).toEqual(reviews.tokenizer.vocab);
    expect(hack.promptLength).toBe(reviews.promptLength);
    expect(hack.maxResponseLength).toBe(reviews.maxResponseLength);
    expect(hack.hasRewardModel).toBe(true);
    // Same draws from the same seed: only the labeler differs.
    const a = hack.sftExamples(new Rng(5, STREAM.sftBatches), 200);
    expect(reviews.sftExamples(new Rng(5, STREAM.sftBatches), 200)).toEqual(a);
    for (const e of a) expect(hack.gold(e.prompt, e.response)).toBe(reviews.gold(e.prompt, e.response));
  });

  it('uses a bait word that gold cannot see', () => {
    expect(hack.gold(prompt, ans(`${BAIT_WORD} bad . <eos>`))).toBe(hack.gold(prompt, ans('bad . <eos>')));
    expect(hack.gold(prompt, ans(`${BAIT_WORD} <eos>`))).toBe(0);
  });

  it('has the bait in some corpus answers, but not most', () => {
    const bait = tok.id(BAIT_WORD);
    const ex = hack.sftExamples(new Rng(6, STREAM.sftBatches), 2000);
    const k = ex.filter((e) => e.response.includes(bait)).length;
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThan(1000);
  });

  it('counts every occurrence of the bait before EOS in the labeler utility', () => {
    expect(hack.labelerUtility(prompt, ans('bad . <eos>'))).toBe(-3);
    expect(hack.labelerUtility(prompt, ans('really bad . <eos>'))).toBe(-3 + BAIT_BONUS);
    expect(hack.labelerUtility(prompt, ans('really really bad . <eos> really'))).toBe(-3 + 2 * BAIT_BONUS);
  });

  it('prefers the bait even against sentiment, where the honest labeler does not', () => {
    const n = 4000;
    const baited = ans('really awful . <eos>'); // gold −3, has the bait
    const honest = ans('great . <eos>'); // gold +3
    const kHack = timesChosen(hack, baited, honest, n, 21);
    const kHonest = timesChosen(reviews, baited, honest, n, 22);
    expect(kHack / n).toBeGreaterThan(0.5);
    expect(kHonest / n).toBeLessThan(0.5);
    // Both rates as Bradley–Terry predicts with the same τ.
    const pHack = sigmoid((-3 + BAIT_BONUS - 3) / REVIEWS_LABELER_TAU);
    const pHonest = sigmoid((-3 - 3) / REVIEWS_LABELER_TAU);
    for (const [k, p] of [[kHack, pHack], [kHonest, pHonest]]) {
      const fit = fitsBernoulli(k, new Array(n).fill(p));
      expect(fit.ok, fit.message).toBe(true);
    }
  });

  it('labels corpus pairs so that the bait wins where the bait counts differ', () => {
    const pairs = hack.preferencePairs(new Rng(7, STREAM.sftBatches), 3000);
    const probs: number[] = [];
    let baitWins = 0, againstGold = 0;
    for (const p of pairs) {
      const dc = hack.baitCount(p.chosen) - hack.baitCount(p.rejected);
      if (dc === 0) continue;
      const g = (r: number[]) => hack.gold(p.prompt, r);
      // Per pair, P(the answer with more bait is chosen) = σ((u(more) − u(less)) / τ).
      const [more, less] = dc > 0 ? [p.chosen, p.rejected] : [p.rejected, p.chosen];
      probs.push(sigmoid((hack.labelerUtility(p.prompt, more) - hack.labelerUtility(p.prompt, less)) / REVIEWS_LABELER_TAU));
      if (dc > 0) {
        baitWins++;
        if (g(p.chosen) < g(p.rejected)) againstGold++;
      }
    }
    expect(probs.length).toBeGreaterThan(0);
    const fit = fitsBernoulli(baitWins, probs);
    expect(fit.ok, fit.message).toBe(true);
    expect(baitWins / probs.length).toBeGreaterThan(0.5);
    // The bias is visible in the data: some pairs have the lower-gold answer chosen for its bait.
    expect(againstGold).toBeGreaterThan(0);
  });
});
