import type { Scenario } from '../engine/data/scenario';
import { EOS, PAD } from '../engine/data/tokenizer';
import type { Gpt } from '../engine/model/gpt';
import { Generator } from '../engine/model/generate';
import type { PpoTrainer } from '../engine/rl/ppo';
import { responseMask } from '../engine/rl/sequences';
import { Rng } from '../engine/tensor/rng';
import type { CompareReply } from './protocol';

/**
 * Streams of their own (low byte of the Philox key word; see iterStream in engine/rl/ppo.ts), so
 * the comparison never shares random numbers with the run's prompts or rollouts.
 */
export const COMPARE_STREAM = { prompts: 100, sample: 101 } as const;

/**
 * "Before / after" for the projector: the same n prompts (fixed by the seed) answered by the frozen
 * reference (the SFT model: before) and by the actor as it is now (after), with the same random
 * numbers for both — so at iteration 0 the two answers are identical, and any difference later
 * comes from what PPO changed, not from the dice. Each answer carries its gold score and the
 * reward model's score (the scenario's checker where there is no reward model).
 */
export async function compareAnswers<F, I>(run: PpoTrainer<F, I>, scenario: Scenario, n: number): Promise<CompareReply> {
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new RangeError(`compare between 1 and 16 prompts, got ${n}`);
  const c = run.config;
  const P = scenario.promptLength, T = c.maxResponseLength, S = P + T;
  const prompts = scenario.prompts(new Rng(c.seed, COMPARE_STREAM.prompts), n);
  const { reference, actor, reward } = run.models;
  const side = async (model: Gpt<F, I>) => {
    const tokens = await sampleWith(model, prompts, S, P, c.seed, c.temperature);
    const { lastT, hasEos } = responseMask(tokens, n, S, P);
    const answers = prompts.map((_, b) => Array.from(tokens.subarray(b * S + P, b * S + P + lastT[b] + 1)));
    const gold = answers.map((a, b) => scenario.gold(prompts[b], a));
    const scores = reward ? await scoreLast(reward, tokens, n, S, Array.from(lastT, (t) => P + t)) : gold;
    return answers.map((tokens, b) => ({ tokens, gold: gold[b], score: scores[b], hasEos: hasEos[b] === 1 }));
  };
  const before = await side(reference);
  const after = await side(actor);
  return { iteration: run.iteration, scoreSource: reward ? 'reward-model' : 'checker', rows: prompts.map((p, b) => ({ prompt: Array.from(p), before: before[b], after: after[b] })) };
}

/** n answers drawn on the engine from `model` for `prompts`: (n, S) tokens, PAD after EOS. */
async function sampleWith<F, I>(model: Gpt<F, I>, prompts: Int32Array[], S: number, P: number, seed: number, temperature: number): Promise<Int32Array> {
  const be = model.backend, n = prompts.length;
  const gen = new Generator(model, n);
  const seq = be.ints(n * S, 'compare.seq');
  const host = new Int32Array(n * S);
  prompts.forEach((p, b) => host.set(p, b * S));
  be.uploadInts(seq, host);
  gen.record(seq, S, P, { temperature, seed, stream: COMPARE_STREAM.sample, iteration: 0, eos: EOS, pad: PAD });
  const out = await be.readInts(seq);
  be.release(seq);
  gen.release();
  return out;
}

/** The reward model's score of each row: its output at the row's last real token (conventions §3). */
async function scoreLast<F, I>(rm: Gpt<F, I>, tokens: Int32Array, n: number, S: number, last: number[]): Promise<number[]> {
  const be = rm.backend;
  const seq = be.ints(n * S, 'compare.rm');
  be.uploadInts(seq, tokens);
  rm.forward(seq, n, S);
  const out = await be.read(rm.output());
  be.release(seq);
  return last.map((pos, b) => out[b * S + pos]);
}
