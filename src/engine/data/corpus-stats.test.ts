import { describe, expect, it } from 'vitest';
import type { Rng } from '../tensor/rng';
import { measureScenario } from './corpus-stats';
import { reviewsScenario } from './reviews';
import type { Labelled, Scenario, Tokens } from './scenario';
import { EOS, Tokenizer } from './tokenizer';

/**
 * A stub whose numbers are known exactly: answers are "x" repeated 1 or 2 times (alternately), gold
 * is the answer's word count, and the labeler always prefers the longer answer.
 */
function stub(): Scenario {
  const tokenizer = new Tokenizer(['p', 'x']);
  const x = tokenizer.id('x'), p = tokenizer.id('p');
  let k = 0;
  const answer = () => (k++ % 2 === 0 ? [x, EOS] : [x, x, EOS]);
  const gold = (_p: Tokens, r: Tokens) => Array.from(r).filter((t) => t === x).length;
  const label = <R extends Tokens>(_rng: Rng, pr: Tokens, a: R, b: R): Labelled<R> =>
    gold(pr, a) >= gold(pr, b) ? { chosen: a, rejected: b } : { chosen: b, rejected: a };
  return {
    id: 'stub', title: 'stub', description: 'stub', tokenizer, promptLength: 1, maxResponseLength: 3, hasRewardModel: true,
    prompts: (_r, n) => Array.from({ length: n }, () => Int32Array.of(p)),
    sftExamples: (_r, n) => Array.from({ length: n }, () => ({ prompt: [p], response: answer() })),
    gold, label,
    // Pairs alternate between (1 word, 2 words) and (1 word, 1 word).
    preferencePairs: (r, n) => Array.from({ length: n }, (_, i) => ({ prompt: [p], ...label(r, [p], [x, EOS], i % 2 ? [x, EOS] : [x, x, EOS]) })),
  };
}

describe('measureScenario', () => {
  it('computes the known statistics of a stub scenario', () => {
    const st = measureScenario(stub(), 1, 100);
    expect(st.vocabSize).toBe(4);
    expect(st.goldMean).toBe(1.5);
    expect(st.goldStd).toBe(0.5);
    expect([st.goldMin, st.goldMax]).toEqual([1, 2]);
    expect(st.meanResponseLength).toBe(2.5);
    expect(st.tiedPairFraction).toBe(0.5);
    expect(st.labelerAgreement).toBe(1);
  });

  it('is a function of the seed', () => {
    expect(measureScenario(reviewsScenario, 3, 200)).toEqual(measureScenario(reviewsScenario, 3, 200));
    expect(measureScenario(reviewsScenario, 3, 200)).not.toEqual(measureScenario(reviewsScenario, 4, 200));
    expect(() => measureScenario(reviewsScenario, 3, 0)).toThrow(RangeError);
  });
});
