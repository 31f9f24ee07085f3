import type { Scenario } from '../engine/data/scenario';
import type { Gpt } from '../engine/model/gpt';
import { sampleAnswers } from '../engine/pipeline/stages';
import type { PpoTrainer } from '../engine/rl/ppo';
import { responseMask } from '../engine/rl/sequences';
import { Rng } from '../engine/tensor/rng';
import { STREAM } from '../engine/tensor/streams';
import type { CompareReply } from './protocol';

/**
 * "Before / after" for the projector: the same n prompts (fixed by the seed) answered by the frozen
 * reference (the SFT model: before) and by the actor as it is now (after), with the same random
 * numbers for both — so at iteration 0 the two answers are identical, and any difference later
 * comes from what PPO changed, not from the dice (streams of their own: tensor/streams.ts). Each
 * answer carries its gold score and the reward model's score (the checker's where there is none).
 */
export async function compareAnswers<F, I>(run: PpoTrainer<F, I>, scenario: Scenario, n: number): Promise<CompareReply> {
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new RangeError(`compare between 1 and 16 prompts, got ${n}`);
  const c = run.config;
  const P = scenario.promptLength, T = c.maxResponseLength, S = P + T;
  const prompts = scenario.prompts(new Rng(c.seed, STREAM.comparePrompts), n);
  const { reference, actor, reward } = run.models;
  const side = async (model: Gpt<F, I>) => {
    const tokens = await sampleAnswers(model, prompts, T, c.seed, { stream: STREAM.compareSampling, index: 0 }, c.temperature);
    const { lastT, hasEos, lastIndex } = responseMask(tokens, n, S, P);
    const answers = prompts.map((_, b) => Array.from(tokens.subarray(b * S + P, b * S + P + lastT[b] + 1)));
    const gold = answers.map((a, b) => scenario.gold(prompts[b], a));
    const scores = reward ? await scoreLast(reward, tokens, n, S, lastIndex) : gold;
    return answers.map((tokens, b) => ({ tokens, gold: gold[b], score: scores[b], hasEos: hasEos[b] === 1 }));
  };
  const before = await side(reference);
  const after = await side(actor);
  return { iteration: run.iteration, scoreSource: reward ? 'reward-model' : 'checker', rows: prompts.map((p, b) => ({ prompt: Array.from(p), before: before[b], after: after[b] })) };
}

/** The reward model's score of each row: its output at the row's last real token (conventions §3). */
async function scoreLast<F, I>(rm: Gpt<F, I>, tokens: Int32Array, n: number, S: number, last: ArrayLike<number>): Promise<number[]> {
  const be = rm.backend;
  const seq = be.ints(n * S, 'compare.rm');
  be.uploadInts(seq, tokens);
  rm.forward(seq, n, S);
  const out = await be.read(rm.output());
  be.release(seq);
  return Array.from(last, (pos, b) => out[b * S + pos]);
}
