import { answerTokens, type Scenario, type Tokens } from '../data/scenario';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';

/**
 * The scenario's data as TRL datasets, JSON Lines (issue #16; docs/trl-export.md):
 *   prompts.jsonl            {"prompt"}                      prompt-only (PPO, GRPO, RLOO)
 *   sft.jsonl                {"prompt", "completion"}        prompt-completion (SFTTrainer)
 *   preferences.jsonl        {"prompt", "chosen", "rejected"} the scenario's labeller (RewardTrainer, DPO)
 *   class_preferences.jsonl  the same format: the pairs the class labelled on the page
 * Answers are written with a leading space ("the movie was" + " really good ."), so prompt +
 * completion is the sentence a GPT-2-style tokenizer expects; they stop at EOS, which the trainers add.
 */
export interface LabelledPair { prompt: Tokens; chosen: Tokens; rejected: Tokens }

export const EXPORT_PROMPTS = 1024;
export const EXPORT_SFT_EXAMPLES = 2048;
/** Preference pairs written for the reward model (and DPO: at least N · B, at most this cap). */
export const EXPORT_PAIRS = 2048;
export const MAX_EXPORT_PAIRS = 20_000;

/** Scenario pairs written: at least EXPORT_PAIRS, N · B for DPO (its training data), at most MAX_EXPORT_PAIRS. */
export const preferencePairCount = (needed: number) => Math.min(MAX_EXPORT_PAIRS, Math.max(EXPORT_PAIRS, needed));

const promptText = (s: Scenario, p: Tokens) => s.tokenizer.decode(p);
/** An answer's words up to EOS, with the leading space that joins it to its prompt. */
const answerText = (s: Scenario, r: Tokens) => ` ${s.tokenizer.decode(answerTokens(r).tokens)}`;
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

export function pairsJsonl(s: Scenario, pairs: readonly LabelledPair[]): string {
  return jsonl(pairs.map((p) => ({ prompt: promptText(s, p.prompt), chosen: answerText(s, p.chosen), rejected: answerText(s, p.rejected) })));
}

/** The data files (names under data/) for a run of `scenario` with `seed`; `nPairs` scenario pairs. */
export function datasetFiles(s: Scenario, seed: number, nPairs: number, classPairs: readonly LabelledPair[]): Record<string, string> {
  const prompts = s.prompts(new Rng(seed, STREAM.ppoPrompts), EXPORT_PROMPTS).map((p) => ({ prompt: promptText(s, p) }));
  const sft = s.sftExamples(new Rng(seed, STREAM.sftBatches), EXPORT_SFT_EXAMPLES).map((e) => ({ prompt: promptText(s, e.prompt), completion: answerText(s, e.response) }));
  const pairs = s.preferencePairs(new Rng(seed, STREAM.rmPairs), preferencePairCount(nPairs));
  return {
    'prompts.jsonl': jsonl(prompts),
    'sft.jsonl': jsonl(sft),
    'preferences.jsonl': pairsJsonl(s, pairs),
    'class_preferences.jsonl': pairsJsonl(s, classPairs),
  };
}
