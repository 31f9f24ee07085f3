import type { Scenario } from '../data/scenario';
import { EOS } from '../data/tokenizer';
import type { Gpt } from '../model/gpt';
import { Rng } from '../tensor/rng';
import { SAMPLING_INDEX, STREAM } from '../tensor/streams';
import { sampleAnswers } from './stages';

export interface PolicyMeasure {
  goldMean: number;
  goldStd: number;
  eosRate: number;
  /** Mean answer length counting EOS. */
  lengthMean: number;
}

/** Gold-score statistics of n answers sampled from `actor` (the SFT baseline that PPO must beat). */
export async function measureSftPolicy<F, I>(actor: Gpt<F, I>, scenario: Scenario, seed: number, n: number): Promise<PolicyMeasure> {
  const P = scenario.promptLength, T = scenario.maxResponseLength, S = P + T;
  const prompts = scenario.prompts(new Rng(seed, STREAM.sftMeasurePrompts), n);
  const tokens = await sampleAnswers(actor, prompts, T, seed, { stream: STREAM.stageSampling, index: SAMPLING_INDEX.sftMeasure });
  const gold: number[] = [];
  let eos = 0, len = 0;
  for (let b = 0; b < n; b++) {
    const answer = tokens.subarray(b * S + P, (b + 1) * S);
    gold.push(scenario.gold(prompts[b], answer));
    const e = answer.indexOf(EOS);
    if (e >= 0) eos++;
    len += e >= 0 ? e + 1 : T;
  }
  const mean = gold.reduce((s, x) => s + x, 0) / n;
  const std = Math.sqrt(gold.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  return { goldMean: mean, goldStd: std, eosRate: eos / n, lengthMean: len / n };
}
