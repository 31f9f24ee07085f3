import { CpuBackend, type CpuKernels } from '../engine/backends/cpu-backend';
import { GpuBackend } from '../engine/backends/gpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { acquireGpu, adapterSummary } from '../engine/gpu/device';
import { unavailableReason, WebGpuUnavailableError } from '../engine/gpu/errors';
import type { PoolStats } from '../engine/gpu/buffer-pool';
import type { GpuRuntime } from '../engine/gpu/runtime';
import { modelConfigFor } from '../engine/pipeline/stages';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { FeedbackView, RolloutView } from '../engine/rl/ppo-stats';
import { compareAnswers } from './compare-answers';
import { labelPairs, restoreReward, retrainReward } from './labeler';
import { exportRunModel, OnnxRewardSlot } from './onnx-models';
import { OpenRun, type AnyBackend } from './open-run';
import { answerProbes } from './probe';
import type { Api, CompareReply, EngineKind, GpuProbe, LabelPair, LearnReply, OnnxExportReply, OpenReply, OpenRequest, ProbeAnswers, RewardRetrainReply, RewardSource, RunSnapshot, TopK, WorkerMessage } from './protocol';
import { checkSnapshot } from './snapshot-check';
import { loadShippedModels, noCurves, trainStageModels, type StageModels } from './stage-models';

type Post = (m: WorkerMessage) => void;

/**
 * The engine inside the worker: the WebGPU device (probed once) and at most one open run. Each
 * request either opens a run or works on the open one; written against the engine API only.
 */
export class Session {
  private runtime: GpuRuntime | null = null;
  private probed: GpuProbe | null = null;
  private run: OpenRun | null = null;
  /** A reward model the user loaded as an ONNX file (kept across resets, dropped when another run opens). */
  private readonly onnx = new OnnxRewardSlot();

  constructor(private readonly post: Post) {}

  async probe(): Promise<GpuProbe> {
    if (this.probed) return this.probed;
    try {
      const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
      this.runtime = await acquireGpu(gpu);
      this.runtime.onLost((e) => this.post({ type: 'device-lost', message: e.message }));
      const r = this.runtime.report;
      this.probed = { available: true, summary: adapterSummary(r), isFallbackAdapter: r.isFallbackAdapter, reason: '' };
    } catch (e) {
      this.probed = { available: false, summary: '', isFallbackAdapter: false, reason: unavailableReason(e) };
    }
    return this.probed;
  }

  /** device.destroy() without GpuRuntime.destroy(): the runtime sees a lost device and reports it. */
  loseDevice(): { lost: boolean } {
    if (!this.runtime) return { lost: false };
    this.runtime.device.destroy();
    return { lost: true };
  }

  /** A copy of the device's buffer-pool counters (the GPU memory the engine holds), or null without a device. */
  gpuMemory(): PoolStats | null {
    return this.runtime ? { ...this.runtime.pool.stats } : null;
  }

  private async backendFor(kind: EngineKind, cpuKernels?: CpuKernels): Promise<{ be: AnyBackend; label: string }> {
    if (kind === 'cpu') return { be: new CpuBackend({ kernels: cpuKernels }) as AnyBackend, label: 'CPU' };
    const p = await this.probe();
    if (!p.available || !this.runtime) throw new WebGpuUnavailableError(p.reason || 'no adapter');
    return { be: new GpuBackend(this.runtime) as AnyBackend, label: p.summary || 'GPU' };
  }

  private get current(): OpenRun {
    if (!this.run) throw new Error('the run is not open yet');
    return this.run;
  }

  async open(req: OpenRequest): Promise<OpenReply> {
    // Another scenario may have another vocabulary: a loaded ONNX reward model does not carry over.
    await this.onnx.detach(this.run?.trainer ?? null);
    this.run?.releaseTrainer();
    this.run = null;
    const { be, label } = await this.backendFor(req.engine, req.cpuKernels);
    const sc = getScenario(req.scenario);
    let stages: StageModels;
    if (req.restore) {
      checkSnapshot(req.restore);
      stages = { config: modelConfigFor(sc, req.preset), sft: req.restore.sft, reward: req.restore.reward, curves: noCurves(), facts: {}, source: 'restored', note: '' };
    } else {
      const shipped = await loadShippedModels(sc, req.modelsUrl, req.preset, this.post);
      // Preparation runs on the CPU engine whatever the session's engine: on a software adapter
      // it is much faster, and the weights are the same kind of Float32Array either way.
      stages = 'sft' in shipped ? shipped : await trainStageModels(new CpuBackend(), sc, modelConfigFor(sc, req.preset), req.fallbackSteps, req.ppo.seed, this.post, shipped.note);
    }
    const run = new OpenRun(be, req.engine, label, sc, req.preset, stages, this.onnx, req.ppo);
    if (req.restore) run.resume(req.restore);
    this.run = run;
    return run.reply();
  }

  reset(ppo: PpoConfig): OpenReply {
    const run = this.current;
    this.onnx.checkConfig(run.scenario, ppo);
    run.restart(ppo);
    return run.reply();
  }

  /** Retrains SFT and reward model on this session's engine and restarts PPO from them. */
  async trainStages(p: Api['trainStages'][0]): Promise<OpenReply> {
    const run = this.current;
    this.onnx.checkConfig(run.scenario, p.ppo);
    // The old models are freed first (memory), so the run is closed until the new ones exist.
    run.releaseTrainer();
    this.run = null;
    const stages = await trainStageModels(run.be, run.scenario, run.stages.config, { sft: p.sftSteps, rm: p.rmSteps }, p.seed, this.post);
    run.restart(p.ppo, stages);
    this.run = run;
    return run.reply();
  }

  setConfig(ppo: PpoConfig): { klCoef: number } {
    const { trainer, scenario } = this.current;
    this.onnx.checkConfig(scenario, ppo);
    trainer.setConfig(ppo);
    return { klCoef: trainer.klCoef };
  }

  async sample(keepLogits: boolean): Promise<RolloutView> {
    const { trainer, inspector } = this.current;
    const rollout = await trainer.sample();
    inspector.sampled(rollout, trainer.config.temperature);
    if (keepLogits) await inspector.cacheLogits();
    return rollout;
  }

  /** The trainer stops a diverged run here (rl/divergence.ts): the UI keeps the statistics so far. */
  feedback(): Promise<FeedbackView> {
    return this.current.trainer.feedback();
  }

  async learn(keepLogits: boolean): Promise<LearnReply> {
    const { trainer, inspector } = this.current;
    // The actor changes in this phase: keep the logits it sampled with if the UI may still ask.
    await inspector.beforeLearning(keepLogits);
    const view = await trainer.learn();
    inspector.learned();
    return { view, klCoef: trainer.klCoef, iteration: trainer.iteration };
  }

  async topk(p: Api['topk'][0]): Promise<TopK> {
    return this.current.inspector.topk(p.b, p.t, p.k);
  }

  async snapshot(): Promise<RunSnapshot> {
    return this.current.snapshot();
  }

  async labelPairs(p: Api['labelPairs'][0]): Promise<LabelPair[]> {
    return labelPairs(this.current, p);
  }

  async retrainReward(p: Api['retrainReward'][0]): Promise<RewardRetrainReply> {
    return retrainReward(this.current, p, this.post);
  }

  restoreReward(): OpenReply {
    return restoreReward(this.current);
  }

  async exportOnnx(p: Api['exportOnnx'][0]): Promise<OnnxExportReply> {
    const run = this.current;
    return exportRunModel(run.trainer, run.scenario, run.preset, p.model);
  }

  async attachRewardOnnx(p: Api['attachRewardOnnx'][0]): Promise<RewardSource> {
    const run = this.current;
    return this.onnx.attach(run.trainer, run.scenario, p.name, p.bytes);
  }

  /** DPO's data from the class's own labels (docs/algorithms.md). */
  setClassPairs(pairs: Api['setClassPairs'][0]['pairs']): { count: number } {
    return { count: this.current.setClassPairs(pairs) };
  }

  compareAnswers(p: Api['compareAnswers'][0]): Promise<CompareReply> {
    const run = this.current;
    return compareAnswers(run.trainer, run.scenario, p.n);
  }

  probeAnswers(): Promise<ProbeAnswers> {
    const run = this.current;
    return answerProbes(run.trainer, run.scenario);
  }

  async detachRewardOnnx(): Promise<RewardSource> {
    const run = this.current;
    await this.onnx.detach(run.trainer);
    return this.onnx.source(run.scenario);
  }
}

