import type { Scenario } from '../data/scenario';
import type { Backend } from '../model/backend';
import { saveCheckpoint } from '../model/checkpoint';
import type { PresetName } from '../model/config';
import { measureSftPolicy } from './measure';
import { modelConfigFor, normaliseReward, trainRewardModel, trainSft } from './stages';

export interface PretrainOptions {
  sftSteps: number;
  rmSteps: number;
  seed: number;
}

export interface PretrainResult {
  /** File name → bytes, as written under public/models/<scenario>/<preset>/. */
  files: Record<string, Uint8Array>;
  manifest: Record<string, unknown>;
}

/**
 * The stages before PPO for one scenario and preset, deterministic from the seed: SFT on the
 * corpus, then (if the scenario has one) the reward model on labeler pairs, normalised so the SFT
 * answers score 0 on average. Returns the checkpoint files and a manifest of the metrics.
 */
export async function pretrainScenario<F, I>(be: Backend<F, I>, scenario: Scenario, preset: PresetName, o: PretrainOptions): Promise<PretrainResult> {
  const config = modelConfigFor(scenario, preset);
  const t0 = performance.now();
  const sft = await trainSft(be, scenario, config, { steps: o.sftSteps, batchSize: 64, lr: 3e-3, seed: o.seed });
  const sftParams = await sft.model.getParams();
  const policy = await measureSftPolicy(sft.model, scenario, o.seed, 256);
  const manifest: Record<string, unknown> = {
    scenario: scenario.id, preset, seed: o.seed, sftSteps: o.sftSteps, sftLoss: sft.losses.at(-1),
    sftGoldMean: policy.goldMean, sftGoldStd: policy.goldStd, sftEosRate: policy.eosRate, sftLengthMean: policy.lengthMean,
  };
  const files: Record<string, Uint8Array> = { 'sft.ckpt': saveCheckpoint(config, 'lm', sftParams, { ...manifest }) };
  if (scenario.hasRewardModel) {
    const rm = await trainRewardModel(be, scenario, config, { steps: o.rmSteps, batchSize: 32, lr: 1e-3, seed: o.seed, heldOut: 1024, init: sftParams });
    const shift = await normaliseReward(rm.model, sft.model, scenario, o.seed);
    Object.assign(manifest, { rmSteps: o.rmSteps, rmLoss: rm.losses.at(-1), rmHeldOutAccuracy: rm.heldOutAccuracy, rmNormalisationShift: shift });
    files['reward.ckpt'] = saveCheckpoint(config, 'reward', await rm.model.getParams(), { ...manifest });
    rm.model.release();
  }
  sft.model.release();
  manifest.seconds = Math.round((performance.now() - t0) / 100) / 10;
  files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n');
  return { files, manifest };
}
