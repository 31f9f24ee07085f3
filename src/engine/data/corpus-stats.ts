/**
 * Summary statistics of a scenario's data, for the report, the UI's "baseline" line, and tests:
 * where the SFT corpus sits on the gold scale (RL progress is read in units of its standard
 * deviation, conventions §6) and how often the labeler agrees with gold.
 */
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import type { Scenario } from './scenario';

export interface CorpusStats {
  vocabSize: number;
  /** Over n SFT answers. Standard deviation is the population one (divide by n). */
  goldMean: number;
  goldStd: number;
  goldMin: number;
  goldMax: number;
  /** Mean answer length in tokens, EOS included. */
  meanResponseLength: number;
  /** Over n preference pairs: share whose gold scores are equal (the labeler can only guess). */
  tiedPairFraction: number;
  /** Over the non-tied pairs: share where the chosen answer has the higher gold score. */
  labelerAgreement: number;
}

/** Draws n SFT examples and n preference pairs from `seed` (STREAM.sftBatches) and summarises them. */
export function measureScenario(scenario: Scenario, seed: number, n: number): CorpusStats {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`measureScenario: n must be a positive integer: ${n}`);
  const rng = new Rng(seed, STREAM.sftBatches);
  const examples = scenario.sftExamples(rng, n);
  const golds = examples.map((e) => scenario.gold(e.prompt, e.response));
  const mean = golds.reduce((s, g) => s + g, 0) / n;
  const variance = golds.reduce((s, g) => s + (g - mean) ** 2, 0) / n;
  let tied = 0, agree = 0;
  for (const p of scenario.preferencePairs(rng, n)) {
    const d = scenario.gold(p.prompt, p.chosen) - scenario.gold(p.prompt, p.rejected);
    if (d === 0) tied++;
    else if (d > 0) agree++;
  }
  return {
    vocabSize: scenario.tokenizer.size,
    goldMean: mean,
    goldStd: Math.sqrt(variance),
    goldMin: golds.reduce((m, g) => Math.min(m, g), Infinity),
    goldMax: golds.reduce((m, g) => Math.max(m, g), -Infinity),
    meanResponseLength: examples.reduce((s, e) => s + e.response.length, 0) / n,
    tiedPairFraction: tied / n,
    labelerAgreement: n - tied > 0 ? agree / (n - tied) : NaN,
  };
}
