/**
 * The models a PPO run starts from — SFT weights (actor, reference) and reward-model weights —
 * with the curves and facts the stages panel shows: loaded from the shipped checkpoints, trained
 * here when none are shipped (or when the user asks), or taken from a saved run.
 */
import type { Backend } from '../engine/model/backend';
import type { Scenario } from '../engine/data/scenario';
import type { ModelConfig, PresetName } from '../engine/model/config';
import { normaliseReward, trainRewardModel, trainSft } from '../engine/pipeline/stages';
import { fetchCheckpoint, metaNumber, metaNumbers } from './checkpoints';
import type { ModelSource, StageCurves, WorkerMessage } from './protocol';

type Post = (m: WorkerMessage) => void;

export const RM_LR = 1e-3;
const SFT_LR = 3e-3;

export interface StageModels {
  config: ModelConfig;
  sft: Float32Array;
  reward: Float32Array | null;
  curves: StageCurves;
  /** Numbers recorded in the shipped checkpoints' metadata (steps, final losses, held-out accuracy…). */
  facts: Record<string, number>;
  source: ModelSource;
  /** Why checkpoints were not used (when trained here). */
  note: string;
  /** Set when the reward model in use was retrained on this many pairs labelled by the class. */
  classPairs?: number;
}

export const noCurves = (): StageCurves => ({ sftLosses: [], rmLosses: [], rmAccuracies: [], heldOutAccuracy: null });

/** The shipped checkpoints of `preset`, or why they cannot be used (not shipped, unreadable). */
export async function loadShippedModels(sc: Scenario, modelsUrl: string, preset: PresetName, post: Post): Promise<StageModels | { note: string }> {
  const base = `${modelsUrl}${sc.id}/${preset}/`;
  post({ type: 'progress', stage: 'load', step: 0, steps: 1 });
  const sft = await fetchCheckpoint(base + 'sft.ckpt', 'lm', sc.tokenizer.size);
  if (!sft.ckpt) return { note: sft.note };
  let rm: Awaited<ReturnType<typeof fetchCheckpoint>> | null = null;
  if (sc.hasRewardModel) {
    rm = await fetchCheckpoint(base + 'reward.ckpt', 'reward', sc.tokenizer.size);
    if (!rm.ckpt) return { note: rm.note };
  }
  const sm = sft.ckpt.meta, rmm = rm?.ckpt?.meta ?? {};
  const facts: Record<string, number> = {};
  for (const [k, v] of Object.entries({ ...sm, ...rmm })) if (typeof v === 'number' && Number.isFinite(v) && k !== 'seed') facts[k] = v;
  post({ type: 'progress', stage: 'load', step: 1, steps: 1 });
  return {
    config: sft.ckpt.config,
    sft: sft.ckpt.params,
    reward: rm?.ckpt?.params ?? null,
    curves: {
      sftLosses: metaNumbers(sm, 'losses', 'sftLosses'),
      rmLosses: metaNumbers(rmm, 'losses', 'rmLosses'),
      rmAccuracies: metaNumbers(rmm, 'accuracies', 'rmAccuracies'),
      heldOutAccuracy: metaNumber(rmm, 'heldOutAccuracy', 'rmHeldOutAccuracy'),
    },
    facts,
    source: 'checkpoint',
    note: '',
  };
}

/** SFT, then (when the scenario has one) the reward model from the SFT body, normalised. */
export async function trainStageModels<F, I>(
  be: Backend<F, I>, sc: Scenario, config: ModelConfig, steps: { sft: number; rm: number }, seed: number, post: Post, note = '',
): Promise<StageModels> {
  const sft = await trainSft(be, sc, config, {
    steps: steps.sft, batchSize: 32, lr: SFT_LR, seed,
    onStep: (p) => post({ type: 'progress', stage: 'sft', ...p }),
  });
  const out: StageModels = { config, sft: await sft.model.getParams(), reward: null, curves: { ...noCurves(), sftLosses: sft.losses }, facts: {}, source: 'trained-here', note };
  if (sc.hasRewardModel) {
    const accuracies: number[] = [];
    const rm = await trainRewardModel(be, sc, config, {
      steps: steps.rm, batchSize: 32, lr: RM_LR, seed, heldOut: 256, init: out.sft,
      onStep: (p) => {
        accuracies.push(p.accuracy ?? NaN);
        post({ type: 'progress', stage: 'rm', ...p });
      },
    });
    post({ type: 'progress', stage: 'normalise', step: 0, steps: 1 });
    await normaliseReward(rm.model, sft.model, sc, seed);
    out.reward = await rm.model.getParams();
    out.curves = { sftLosses: sft.losses, rmLosses: rm.losses, rmAccuracies: accuracies, heldOutAccuracy: rm.heldOutAccuracy };
    rm.model.release();
    post({ type: 'progress', stage: 'normalise', step: 1, steps: 1 });
  }
  sft.model.release();
  return out;
}
