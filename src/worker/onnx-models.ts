/**
 * The session's ONNX side: the four models as ONNX downloads, and a user's ONNX reward model as the
 * feedback phase's reward source. Loading goes through engine/onnx (static checks, then a trial run
 * in onnxruntime-web), so a refused file leaves the run exactly as it was.
 */
import type { Scenario } from '../engine/data/scenario';
import type { PresetName } from '../engine/model/config';
import { attachOnnxRewardModel, externalScorerFromOnnx, type AttachedRewardModel } from '../engine/onnx/byo-scorer';
import { exportModelOnnx } from '../engine/onnx/engine-export';
import { checkRequest, RewardModelError } from '../engine/onnx/reward-model-checks';
import type { PpoTrainer } from '../engine/rl/ppo';
import { ConfigError, type PpoConfig } from '../engine/rl/ppo-config';
import type { OnnxExportReply, OnnxModelRole, RewardSource } from './protocol';

type Trainer = PpoTrainer<unknown, unknown>;

/** The model `role` of the run, with its current weights, as an ONNX file named after the run. */
export async function exportRunModel<F, I>(t: PpoTrainer<F, I>, sc: Scenario, preset: PresetName, role: OnnxModelRole): Promise<OnnxExportReply> {
  const model = t.models[role];
  if (!model) throw new Error(`the "${sc.id}" scenario scores answers with its checker: there is no reward model to export`);
  const producerVersion = `${sc.id}/${preset} ${role} after ${t.iteration} PPO iterations`;
  const bytes = await exportModelOnnx(model, sc.tokenizer.vocab, { producerVersion });
  return { bytes, filename: `rlhf-${sc.id}-${preset}-${role}-iter${t.iteration}.onnx` };
}

const seqLen = (sc: Scenario, ppo: PpoConfig) => sc.promptLength + ppo.maxResponseLength;

/** At most one loaded ONNX reward model; it follows the run through resets and retrained stages. */
export class OnnxRewardSlot {
  private loaded: { name: string; model: AttachedRewardModel } | null = null;

  source(sc: Scenario): RewardSource {
    if (this.loaded) return { kind: 'onnx', name: this.loaded.name, warnings: [...this.loaded.model.warnings] };
    return { kind: sc.hasRewardModel ? 'reward-model' : 'checker', name: '', warnings: [] };
  }

  /** Loads, checks and test-runs `bytes` at the run's shape; only then does it replace the current source. */
  async attach(t: Trainer, sc: Scenario, name: string, bytes: Uint8Array): Promise<RewardSource> {
    const model = await attachOnnxRewardModel(t, bytes, sc.tokenizer.vocab, { batch: t.config.batchSize, seqLen: seqLen(sc, t.config) });
    const previous = this.loaded;
    this.loaded = { name, model };
    // The new scorer is already in place, so this only frees the old model's session.
    await previous?.model.detach();
    return this.source(sc);
  }

  /** Back to the run's own reward model (or checker); frees the onnxruntime session. */
  async detach(t: Trainer | null): Promise<void> {
    const previous = this.loaded;
    this.loaded = null;
    t?.setExternalScorer(null);
    await previous?.model.detach();
  }

  /** A new trainer for the same scenario (reset, retrained stages) scores with the loaded model too. */
  adopt(t: Trainer): void {
    if (this.loaded) t.setExternalScorer(externalScorerFromOnnx(this.loaded.model.handle));
  }

  /**
   * A model with a fixed batch or sequence dimension cannot serve every setting: such a change is
   * refused as an invalid setting naming the field, before it reaches the run.
   */
  checkConfig(sc: Scenario, ppo: PpoConfig): void {
    if (!this.loaded) return;
    try {
      checkRequest(this.loaded.model.handle.info, ppo.batchSize, seqLen(sc, ppo));
    } catch (e) {
      if (!(e instanceof RewardModelError)) throw e;
      const field = e.code === 'batch-size' ? 'batchSize' : 'maxResponseLength';
      throw new ConfigError(field, `does not fit the loaded reward model "${this.loaded.name}": ${e.message} Go back to the built-in reward model to use this value.`);
    }
  }
}
