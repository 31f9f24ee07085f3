/**
 * One open PPO run inside the worker: the backend it runs on, the scenario, the models it started
 * from, the trainer (actor, critic, reference, reward model) and what the sampling panel looks at
 * between phases. Everything here exists only while the run is open; the session holds at most one.
 */
import { CpuBackend } from '../engine/backends/cpu-backend';
import type { PreferencePair, Scenario } from '../engine/data/scenario';
import type { Backend } from '../engine/model/backend';
import type { PresetName } from '../engine/model/config';
import { createPpoRun } from '../engine/pipeline/stages';
import type { PpoTrainer } from '../engine/rl/ppo';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { OnnxRewardSlot } from './onnx-models';
import type { EngineKind, OpenReply, RewardSource, RunSnapshot } from './protocol';
import { RolloutInspector } from './rollout-inspector';
import type { StageModels } from './stage-models';

export type AnyBackend = Backend<unknown, unknown>;

/** The run's own reward model, marked when the class retrained it (the page says which model scores). */
const withClassPairs = (source: RewardSource, classPairs?: number): RewardSource =>
  source.kind === 'reward-model' && classPairs ? { ...source, classPairs } : source;

export class OpenRun {
  private current: PpoTrainer<unknown, unknown>;
  private currentInspector: RolloutInspector<unknown, unknown>;
  /** False once the trainer's models are freed (until `restart` makes new ones). */
  private live = true;
  /** The class's labelled pairs for DPO, handed to every trainer of this run. */
  private classPairs: PreferencePair[] = [];

  constructor(
    readonly be: AnyBackend,
    readonly kind: EngineKind,
    readonly engineLabel: string,
    readonly scenario: Scenario,
    readonly preset: PresetName,
    /** The SFT and reward-model weights the run started from (the reward model changes when the class retrains it). */
    public stages: StageModels,
    private readonly onnx: OnnxRewardSlot,
    ppo: PpoConfig,
  ) {
    this.current = this.newTrainer(ppo);
    this.currentInspector = new RolloutInspector(be, this.current.models.actor);
  }

  get trainer(): PpoTrainer<unknown, unknown> {
    return this.current;
  }

  get inspector(): RolloutInspector<unknown, unknown> {
    return this.currentInspector;
  }

  private newTrainer(ppo: PpoConfig): PpoTrainer<unknown, unknown> {
    const s = this.stages;
    const t = createPpoRun(this.be, this.scenario, s.config, s.sft, s.reward, ppo);
    this.onnx.adopt(t);
    t.setClassPairs(this.classPairs);
    return t;
  }

  /** A fresh PPO run (iteration 0) from the stage models, e.g. after a reset or retrained stages. */
  restart(ppo: PpoConfig, stages: StageModels = this.stages): void {
    this.releaseTrainer();
    this.stages = stages;
    this.current = this.newTrainer(ppo);
    this.currentInspector = new RolloutInspector(this.be, this.current.models.actor);
    this.live = true;
  }

  /** The class's labelled pairs as DPO's data (this trainer and the ones after a reset). Returns how many. */
  setClassPairs(pairs: PreferencePair[]): number {
    const sc = this.scenario, V = sc.tokenizer.size;
    const valid = (xs: unknown, min: number, max: number) => Array.isArray(xs) && xs.length >= min && xs.length <= max && xs.every((x) => Number.isInteger(x) && x >= 0 && x < V);
    pairs.forEach((p, i) => {
      const ok = valid(p.prompt, sc.promptLength, sc.promptLength) && valid(p.chosen, 1, sc.maxResponseLength) && valid(p.rejected, 1, sc.maxResponseLength);
      if (!ok) throw new Error(`labelled pair ${i + 1} is not a prompt and two answers of this scenario (tokens, lengths)`);
    });
    this.classPairs = pairs;
    this.current.setClassPairs(pairs);
    return pairs.length;
  }

  /** Continues a saved run: the actor's and critic's weights and Adam moments, the iteration and β. */
  resume(r: RunSnapshot): void {
    const t = this.current;
    t.models.actor.setState(r.actor);
    t.models.critic.setState(r.critic);
    t.iteration = r.iteration;
    t.klCoef = r.klCoef;
  }

  /** Frees the device memory of the four models and the trainer's buffers. */
  releaseTrainer(): void {
    if (!this.live) return;
    this.live = false;
    const t = this.current;
    t.release();
    for (const m of Object.values(t.models)) m?.release();
  }

  reply(): OpenReply {
    const t = this.current, sc = this.scenario, s = this.stages;
    return {
      engine: this.kind,
      engineLabel: this.engineLabel,
      ...(this.be instanceof CpuBackend ? { cpuKernels: cpuKernelsOf(this.be) } : {}),
      source: s.source,
      sourceNote: s.note,
      parameters: t.models.actor.parameterCount,
      vocab: sc.tokenizer.vocab,
      iteration: t.iteration,
      klCoef: t.klCoef,
      curves: s.curves,
      facts: s.facts,
      hasRewardModel: sc.hasRewardModel,
      rewardSource: withClassPairs(this.onnx.source(sc), s.classPairs),
    };
  }

  async snapshot(): Promise<RunSnapshot> {
    const t = this.current;
    const [actor, critic] = [await t.models.actor.getState(), await t.models.critic.getState()];
    return { actor, critic, sft: this.stages.sft, reward: this.stages.reward, iteration: t.iteration, klCoef: t.klCoef };
  }
}

/** What the page says about the CPU engine's kernels (OpenReply.cpuKernels). */
function cpuKernelsOf(be: CpuBackend): NonNullable<OpenReply['cpuKernels']> {
  const k = be.kernels;
  return { active: k.active, threads: k.threadNote ? 1 : k.threads, note: [k.note, k.threadNote].filter(Boolean).join('; ') };
}
