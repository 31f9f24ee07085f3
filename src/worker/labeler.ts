/**
 * The class as the human labeler: pairs of answers to label, and the reward model retrained on the
 * class's choices (from the SFT body, normalised, swapped into the open run).
 */
import { EOS } from '../engine/data/tokenizer';
import { normaliseReward, sampleAnswers, trainRewardModel } from '../engine/pipeline/stages';
import { Rng } from '../engine/tensor/rng';
import { STREAM } from '../engine/tensor/streams';
import type { OpenRun } from './open-run';
import type { Api, LabelPair, RewardRetrainReply, WorkerMessage } from './protocol';
import { RM_LR } from './stage-models';

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

/** The reward model retrained (from the SFT body) on the class's pairs, normalised, swapped into the run. */
export async function retrainReward(run: OpenRun, p: Api['retrainReward'][0], post: (m: WorkerMessage) => void): Promise<RewardRetrainReply> {
  const sc = run.scenario, t = run.trainer, stages = run.stages;
  const rewardModel = t.models.reward;
  if (!sc.hasRewardModel || !rewardModel) throw new Error(`scenario "${sc.id}" scores with a checker, not a reward model`);
  if (p.pairs.length === 0) throw new Error('label at least one pair first');
  const accuracies: number[] = [];
  const rm = await trainRewardModel(run.be, sc, stages.config, {
    steps: p.steps, batchSize: 16, lr: RM_LR, seed: t.config.seed, heldOut: 128, init: stages.sft, pairs: p.pairs,
    onStep: (s) => {
      accuracies.push(s.accuracy ?? NaN);
      post({ type: 'progress', stage: 'rm', ...s });
    },
  });
  // 64 answers are enough to centre the scores and keep the GPU engine on a software adapter quick.
  await normaliseReward(rm.model, t.models.reference, sc, t.config.seed, 64);
  const reward = await rm.model.getParams();
  rm.model.release();
  rewardModel.setParams(reward);
  const curves = { ...stages.curves, rmLosses: rm.losses, rmAccuracies: accuracies, heldOutAccuracy: rm.heldOutAccuracy };
  run.stages = { ...stages, reward, curves };
  return { curves, heldOutAccuracy: rm.heldOutAccuracy, pairs: p.pairs.length };
}
