import type { Scenario } from '../data/scenario';
import { EOS, PAD } from '../data/tokenizer';
import type { Backend } from '../model/backend';
import { presetConfig, type ModelConfig, type PresetName } from '../model/config';
import { Generator } from '../model/generate';
import { DEFAULT_ADAMW, Gpt } from '../model/gpt';
import { paramLayout } from '../model/params';
import { PpoTrainer, type PpoModels } from '../rl/ppo';
import type { PpoConfig } from '../rl/ppo-config';
import { RewardTrainer } from '../rl/reward-training';
import { packSequences, responseMask, type PackedBatch } from '../rl/sequences';
import { SftTrainer } from '../rl/sft';
import { Rng } from '../tensor/rng';
import { SAMPLING_INDEX, STREAM } from '../tensor/streams';

/**
 * The three stages of RLHF for a scenario (Ouyang et al. 2022, Fig. 2): supervised fine-tuning,
 * reward-model training on labelled pairs, then PPO against the reward model with a KL penalty to
 * the frozen SFT model. Each stage works on either engine.
 */

export interface StageProgress {
  step: number;
  steps: number;
  loss: number;
  accuracy?: number;
}

export interface SftOptions {
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
  onStep?: (p: StageProgress) => void;
}

export function modelConfigFor(scenario: Scenario, preset: PresetName): ModelConfig {
  const c = presetConfig(preset, scenario.tokenizer.size);
  const need = scenario.promptLength + scenario.maxResponseLength;
  return { ...c, maxSeqLen: Math.max(c.maxSeqLen, need) };
}

/** SFT: next-token cross-entropy on the scenario's corpus answers. Returns the trained actor. */
export async function trainSft<F, I>(be: Backend<F, I>, scenario: Scenario, config: ModelConfig, o: SftOptions): Promise<{ model: Gpt<F, I>; losses: number[] }> {
  const model = new Gpt(be, config, 'lm');
  model.init(o.seed);
  const P = scenario.promptLength, T = scenario.maxResponseLength;
  const trainer = new SftTrainer(model, o.batchSize, P + T);
  const rng = new Rng(o.seed, STREAM.sftBatches);
  const losses: number[] = [];
  for (let step = 0; step < o.steps; step++) {
    const ex = scenario.sftExamples(rng, o.batchSize);
    const batch = packSequences(ex.map((e) => e.prompt), ex.map((e) => e.response), P, T);
    // Cosine decay to 10%: small models overfit the last batches with a constant rate.
    const lr = o.lr * (0.1 + 0.45 * (1 + Math.cos((Math.PI * step) / o.steps)));
    const r = await trainer.step(batch, { ...DEFAULT_ADAMW, lr });
    losses.push(r.loss);
    o.onStep?.({ step: step + 1, steps: o.steps, loss: r.loss });
  }
  trainer.release();
  return { model, losses };
}

/** Chosen rows then rejected rows, packed for the reward model. */
export function packPairs(pairs: { prompt: number[]; chosen: ArrayLike<number>; rejected: ArrayLike<number> }[], P: number, T: number): PackedBatch {
  const prompts = [...pairs.map((p) => p.prompt), ...pairs.map((p) => p.prompt)];
  const answers = [...pairs.map((p) => p.chosen), ...pairs.map((p) => p.rejected)];
  return packSequences(prompts, answers, P, T);
}

export interface RewardOptions {
  steps: number;
  /** Pairs per step. */
  batchSize: number;
  lr: number;
  seed: number;
  /** Held-out pairs for the accuracy that is reported (never trained on). */
  heldOut: number;
  /** Start from these SFT weights (InstructGPT initialises the RM from the SFT model); else fresh. */
  init?: Float32Array;
  onStep?: (p: StageProgress) => void;
  /** Training pairs instead of the scenario's labeler (e.g. labelled by the class). */
  pairs?: { prompt: number[]; chosen: number[]; rejected: number[] }[];
}

/** Reward model on the labeler's preference pairs; reports held-out accuracy. */
export async function trainRewardModel<F, I>(be: Backend<F, I>, scenario: Scenario, config: ModelConfig, o: RewardOptions): Promise<{ model: Gpt<F, I>; losses: number[]; heldOutAccuracy: number }> {
  const model = new Gpt(be, config, 'reward');
  model.init(o.seed + 1);
  if (o.init) model.setParams(withValueHead(o.init, config));
  const P = scenario.promptLength, T = scenario.maxResponseLength;
  const trainer = new RewardTrainer(model, o.batchSize, P + T);
  const rng = new Rng(o.seed, STREAM.rmPairs);
  const held = heldOutPairs(scenario, o.seed, o.heldOut);
  const losses: number[] = [];
  for (let step = 0; step < o.steps; step++) {
    let pairs: { prompt: number[]; chosen: number[]; rejected: number[] }[];
    if (o.pairs) pairs = Array.from({ length: o.batchSize }, () => o.pairs![rng.int(o.pairs!.length)]);
    else pairs = scenario.preferencePairs(rng, o.batchSize);
    const lr = o.lr * (0.1 + 0.45 * (1 + Math.cos((Math.PI * step) / o.steps)));
    const r = await trainer.step(packPairs(pairs, P, T), { ...DEFAULT_ADAMW, lr });
    losses.push(r.loss);
    o.onStep?.({ step: step + 1, steps: o.steps, loss: r.loss, accuracy: r.accuracy });
  }
  const heldOutAccuracy = await pairAccuracy(trainer, held, P, T);
  trainer.release();
  return { model, losses, heldOutAccuracy };
}

/** The held-out preference pairs a reward model's accuracy is reported on (seeded; never trained on). */
export const heldOutPairs = (scenario: Scenario, seed: number, n: number) => scenario.preferencePairs(new Rng(seed, STREAM.rmHeldOut), n);

/** The share of `pairs` that `trainer`'s reward model orders like the labeler (s_chosen > s_rejected), in whole batches (a remainder is left out). */
export async function pairAccuracy<F, I>(trainer: RewardTrainer<F, I>, pairs: { prompt: number[]; chosen: number[]; rejected: number[] }[], P: number, T: number): Promise<number> {
  let correct = 0, seen = 0;
  for (let i = 0; i + trainer.B <= pairs.length; i += trainer.B) {
    const e = await trainer.evaluate(packPairs(pairs.slice(i, i + trainer.B), P, T));
    correct += e.accuracy * trainer.B;
    seen += trainer.B;
  }
  return seen ? correct / seen : NaN;
}

/** Language-model weights (no head) laid out for a value/reward model: same body, zero head. */
export function withValueHead(lm: Float32Array, config: ModelConfig): Float32Array {
  const value = paramLayout(config, 'value');
  const out = new Float32Array(value.size);
  out.set(lm.subarray(0, Math.min(lm.length, value.get('head.w').offset)));
  return out;
}

/** Samples answers from `actor` (B rows) for `prompts` with the sampler's stream and index (streams.ts); returns the (B, S) tokens. */
export async function sampleAnswers<F, I>(actor: Gpt<F, I>, prompts: Int32Array[], T: number, seed: number, draw: { stream: number; index: number }, temperature = 1): Promise<Int32Array> {
  const be = actor.backend;
  const B = prompts.length, P = prompts[0].length, S = P + T;
  const gen = new Generator(actor, B);
  const seq = be.ints(B * S, 'sample.seq');
  const host = new Int32Array(B * S);
  prompts.forEach((p, b) => host.set(p, b * S));
  be.uploadInts(seq, host);
  gen.record(seq, S, P, { temperature, seed, stream: draw.stream, iteration: draw.index, eos: EOS, pad: PAD });
  const out = await be.readInts(seq);
  be.release(seq);
  gen.release();
  return out;
}

/**
 * Shifts the reward head's bias so the SFT model's answers score 0 on average (TRL/OpenAI
 * reward normalisation), making the score's sign meaningful at the start of PPO.
 */
export async function normaliseReward<F, I>(reward: Gpt<F, I>, sft: Gpt<F, I>, scenario: Scenario, seed: number, n = 256): Promise<number> {
  const be = reward.backend;
  const P = scenario.promptLength, T = scenario.maxResponseLength, S = P + T;
  const prompts = scenario.prompts(new Rng(seed, STREAM.rewardNormalisationPrompts), n);
  const tokens = await sampleAnswers(sft, prompts, T, seed, { stream: STREAM.stageSampling, index: SAMPLING_INDEX.rewardNormalisation });
  const seq = be.ints(n * S, 'norm.seq');
  be.uploadInts(seq, tokens);
  reward.forward(seq, n, S);
  const values = await be.read(reward.output());
  be.release(seq);
  const { lastIndex } = responseMask(tokens, n, S, P);
  let mean = 0;
  for (let b = 0; b < n; b++) mean += values[b * S + lastIndex[b]] / n;
  const params = await reward.getParams();
  params[reward.layout.get('head.b').offset] -= mean;
  reward.setParams(params);
  return mean;
}

/** The four models of a PPO run from SFT and reward-model weights. */
export function createPpoRun<F, I>(be: Backend<F, I>, scenario: Scenario, config: ModelConfig, sft: Float32Array, reward: Float32Array | null, ppo: PpoConfig): PpoTrainer<F, I> {
  const actor = new Gpt(be, config, 'lm');
  actor.setParams(sft);
  const reference = new Gpt(be, config, 'lm');
  reference.setParams(sft);
  const critic = new Gpt(be, config, 'value');
  critic.setParams(ppo.criticInit === 'reward-model' && reward ? reward : withValueHead(sft, config));
  let rm: Gpt<F, I> | null = null;
  if (scenario.hasRewardModel) {
    if (!reward) throw new Error(`scenario "${scenario.id}" needs reward-model weights`);
    rm = new Gpt(be, config, 'reward');
    rm.setParams(reward);
  }
  const models: PpoModels<F, I> = { actor, reference, critic, reward: rm };
  return new PpoTrainer(models, scenario, ppo);
}
