/**
 * The class as the human labeler: pairs of answers to label, the reward model retrained on the
 * class's choices (from the SFT body, normalised, swapped into the open run), and the way back to
 * the reward model the run started with.
 */
import { EOS } from '../engine/data/tokenizer';
import { heldOutPairs, normaliseReward, pairAccuracy, sampleAnswers, trainRewardModel } from '../engine/pipeline/stages';
import { RewardTrainer } from '../engine/rl/reward-training';
import { Rng } from '../engine/tensor/rng';
import { STREAM } from '../engine/tensor/streams';
import type { OpenRun } from './open-run';
import type { Api, LabelPair, OpenReply, RewardRetrainReply, WorkerMessage } from './protocol';
import { RM_LR, type StageModels } from './stage-models';

/** n pairs of answers to the same prompt sampled from the SFT model (the frozen reference). */
export async function labelPairs(run: OpenRun, p: Api['labelPairs'][0]): Promise<LabelPair[]> {
  const sc = run.scenario, t = run.trainer;
  const seed = t.config.seed;
  const P = sc.promptLength, T = Math.min(sc.maxResponseLength, t.config.maxResponseLength), S = P + T;
  const prompts = sc.prompts(new Rng(seed, STREAM.labelerPrompts, p.round), p.n);
  const doubled = prompts.flatMap((x) => [x, x]);
  const tokens = await sampleAnswers(t.models.reference, doubled, T, seed, { stream: STREAM.labelerSampling, index: p.round }, t.config.temperature);
  const answer = (row: number) => {
    const out: number[] = [];
    for (let i = P; i < S; i++) {
      out.push(tokens[row * S + i]);
      if (tokens[row * S + i] === EOS) break;
    }
    return out;
  };
  return prompts.map((prompt, i) => {
    const a = answer(2 * i), b = answer(2 * i + 1);
    return { prompt: [...prompt], a, b, goldA: sc.gold(prompt, a), goldB: sc.gold(prompt, b) };
  });
}

/** Held-out pairs for the class's retraining: the reward model before and after is measured on these. */
const HELD_OUT = 128;
const RM_BATCH = 16;

/**
 * The stage models a run had before the class first retrained its reward model, by the identity of
 * their SFT weights (new SFT weights — stages trained again — start a new record): "restore" puts
 * that reward model back.
 */
const beforeClass = new WeakMap<Float32Array, StageModels>();

/** The share of held-out pairs the reward model in use orders like the scripted labeler. */
async function accuracyInUse(run: OpenRun, seed: number): Promise<number> {
  const sc = run.scenario, P = sc.promptLength, T = sc.maxResponseLength;
  const trainer = new RewardTrainer(run.trainer.models.reward!, RM_BATCH, P + T);
  try {
    return await pairAccuracy(trainer, heldOutPairs(sc, seed, HELD_OUT), P, T);
  } finally {
    trainer.release();
  }
}

/**
 * The reward model retrained (from the SFT body) on the class's pairs, normalised, swapped into the
 * run. Its held-out accuracy is reported next to the one of the model it replaces, measured on the
 * same held-out pairs, and the stage facts now describe it (the stats row shows the model in use).
 */
export async function retrainReward(run: OpenRun, p: Api['retrainReward'][0], post: (m: WorkerMessage) => void): Promise<RewardRetrainReply> {
  const sc = run.scenario, t = run.trainer, stages = run.stages;
  const rewardModel = t.models.reward;
  if (!sc.hasRewardModel || !rewardModel) throw new Error(`scenario "${sc.id}" scores with a checker, not a reward model`);
  if (p.pairs.length === 0) throw new Error('label at least one pair first');
  const seed = t.config.seed;
  const heldOutBefore = await accuracyInUse(run, seed);
  const accuracies: number[] = [];
  const rm = await trainRewardModel(run.be, sc, stages.config, {
    steps: p.steps, batchSize: RM_BATCH, lr: RM_LR, seed, heldOut: HELD_OUT, init: stages.sft, pairs: p.pairs,
    onStep: (s) => {
      accuracies.push(s.accuracy ?? NaN);
      post({ type: 'progress', stage: 'rm', ...s });
    },
  });
  // 64 answers are enough to centre the scores and keep the GPU engine on a software adapter quick.
  const shift = await normaliseReward(rm.model, t.models.reference, sc, seed, 64);
  const reward = await rm.model.getParams();
  rm.model.release();
  rewardModel.setParams(reward);
  if (!beforeClass.has(stages.sft)) beforeClass.set(stages.sft, stages);
  const curves = { ...stages.curves, rmLosses: rm.losses, rmAccuracies: accuracies, heldOutAccuracy: rm.heldOutAccuracy };
  const facts = { ...withoutRewardFacts(stages.facts), rmClassPairs: p.pairs.length, rmSteps: p.steps, rmLoss: rm.losses[rm.losses.length - 1], rmHeldOutAccuracy: rm.heldOutAccuracy, rmNormalisationShift: -shift };
  run.stages = { ...stages, reward, curves, facts, classPairs: p.pairs.length };
  return { curves, heldOutBefore, heldOutAccuracy: rm.heldOutAccuracy, pairs: p.pairs.length, session: run.reply() };
}

/** Puts back the reward model the run had before the class retrained it (the shipped one, or the one trained here). */
export function restoreReward(run: OpenRun): OpenReply {
  const original = beforeClass.get(run.stages.sft);
  if (!original || !run.stages.classPairs) throw new Error('the reward model in use is already the one this run started with');
  run.trainer.models.reward!.setParams(original.reward!);
  run.stages = original;
  return run.reply();
}

/** The stage facts without the ones that describe a reward model (they are replaced when it is). */
const withoutRewardFacts = (facts: Record<string, number>) => Object.fromEntries(Object.entries(facts).filter(([k]) => !/^rm[A-Z]/.test(k)));
