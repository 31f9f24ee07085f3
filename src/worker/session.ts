import { CpuBackend } from '../engine/backends/cpu-backend';
import { GpuBackend } from '../engine/backends/gpu-backend';
import { getScenario } from '../engine/data/scenarios';
import type { Scenario } from '../engine/data/scenario';
import { EOS } from '../engine/data/tokenizer';
import { CheckpointError } from '../engine/model/checkpoint';
import { acquireGpu, adapterSummary } from '../engine/gpu/device';
import { unavailableReason, WebGpuUnavailableError } from '../engine/gpu/errors';
import type { GpuRuntime } from '../engine/gpu/runtime';
import type { Backend } from '../engine/model/backend';
import type { ModelConfig } from '../engine/model/config';
import { createPpoRun, modelConfigFor, normaliseReward, sampleAnswers, trainRewardModel, trainSft } from '../engine/pipeline/stages';
import { TrainingDivergedError } from '../engine/rl/diverged';
import type { PpoTrainer } from '../engine/rl/ppo';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { FeedbackView, RolloutView } from '../engine/rl/ppo-stats';
import { Rng, STREAM } from '../engine/tensor/rng';
import { fetchCheckpoint, metaNumber, metaNumbers } from './checkpoints';
import { compareAnswers } from './compare-answers';
import { exportRunModel, OnnxRewardSlot } from './onnx-models';
import type { Api, CompareReply, EngineKind, GpuProbe, LabelPair, LearnReply, OnnxExportReply, OpenReply, OpenRequest, RewardRetrainReply, RewardSource, RunSnapshot, StageCurves, TopK, WorkerMessage } from './protocol';
import { topK } from './topk';

type AnyBackend = Backend<unknown, unknown>;
type Post = (m: WorkerMessage) => void;

const RM_LR = 1e-3;
const SFT_LR = 3e-3;

/** Thrown when the engine produced NaN/inf: the UI says "diverged" and keeps the run's stats. */
export class DivergedError extends TrainingDivergedError {
  constructor(what: string) {
    super(`${what} became NaN or infinite: training diverged. Lower the learning rates or reset the run; the statistics so far are kept.`);
    this.name = 'DivergedError';
  }
}

/**
 * A saved run is resumed only if every number in it is finite: a run saved with NaN weights would
 * otherwise come back as a "diverged" error at its first phase instead of starting afresh.
 */
function checkSnapshot(r: RunSnapshot): void {
  const parts: [string, Float32Array | null][] = [
    ['actor weights', r.actor.params], ['actor Adam moments', r.actor.m], ['actor Adam moments', r.actor.v],
    ['critic weights', r.critic.params], ['critic Adam moments', r.critic.m], ['critic Adam moments', r.critic.v],
    ['reference weights', r.sft], ['reward-model weights', r.reward],
  ];
  for (const [name, xs] of parts) {
    if (xs && !xs.every(Number.isFinite)) throw new CheckpointError(`the saved run's ${name} are not all finite numbers`);
  }
  if (!Number.isFinite(r.klCoef) || !Number.isInteger(r.iteration) || r.iteration < 0) throw new CheckpointError(`the saved run's iteration (${r.iteration}) or β (${r.klCoef}) is not valid`);
}

/**
 * One engine session inside the worker: a backend, the scenario, the four PPO models and what the
 * visualisation needs between phases (the actor's logits of the current rollout for the
 * sampling panel's next-token bars). Written against the engine API only.
 */
export class Session {
  private runtime: GpuRuntime | null = null;
  private probed: GpuProbe | null = null;
  private be: AnyBackend | null = null;
  private kind: EngineKind = 'cpu';
  private scenario: Scenario | null = null;
  private config: ModelConfig | null = null;
  private trainer: PpoTrainer<unknown, unknown> | null = null;
  private sft: Float32Array | null = null;
  private reward: Float32Array | null = null;
  private curves: StageCurves = { sftLosses: [], rmLosses: [], rmAccuracies: [], heldOutAccuracy: null };
  private request: OpenRequest | null = null;
  private rollout: RolloutView | null = null;
  /** (B, S, V) logits of the actor that sampled the current rollout, and the temperature used. */
  private logits: { data: Float32Array; temperature: number } | null = null;
  private rolloutTemperature = 1;
  private learnedSinceSample = false;
  private facts: Record<string, number> = {};
  private source: { source: OpenReply['source']; note: string } = { source: 'checkpoint', note: '' };
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

  private async backendFor(kind: EngineKind): Promise<AnyBackend> {
    if (kind === 'cpu') return new CpuBackend() as AnyBackend;
    const p = await this.probe();
    if (!p.available || !this.runtime) throw new WebGpuUnavailableError(p.reason || 'no adapter');
    return new GpuBackend(this.runtime) as AnyBackend;
  }

  private release(): void {
    this.trainer?.release();
    for (const m of Object.values(this.trainer?.models ?? {})) m?.release();
    this.trainer = null;
    this.rollout = null;
    this.logits = null;
  }

  async open(req: OpenRequest): Promise<OpenReply> {
    // Another scenario may have another vocabulary: a loaded ONNX reward model does not carry over.
    await this.onnx.detach(this.trainer);
    this.release();
    this.request = req;
    this.kind = req.engine;
    this.be = await this.backendFor(req.engine);
    const sc = (this.scenario = getScenario(req.scenario));
    let source: OpenReply['source'] = 'checkpoint';
    let note = '';
    this.config = modelConfigFor(sc, req.preset);
    if (req.restore) {
      checkSnapshot(req.restore);
      source = 'restored';
      this.sft = req.restore.sft;
      this.reward = req.restore.reward;
    } else {
      const loaded = await this.loadShipped(req);
      if (!loaded.ok) {
        source = 'trained-here';
        note = loaded.note;
        // Preparation runs on the CPU engine whatever the session's engine: on a software adapter
        // it is much faster, and the weights are the same kind of Float32Array either way.
        await this.trainStagesOn(new CpuBackend() as AnyBackend, req.fallbackSteps.sft, req.fallbackSteps.rm, req.ppo.seed);
      }
    }
    this.startRun(req.ppo);
    const t = this.trainer!;
    if (req.restore) {
      t.models.actor.setState(req.restore.actor);
      t.models.critic.setState(req.restore.critic);
      t.iteration = req.restore.iteration;
      t.klCoef = req.restore.klCoef;
    }
    this.source = { source, note };
    return this.openReply(source, note);
  }

  reset(ppo: PpoConfig): OpenReply {
    this.onnx.checkConfig(this.scenario!, ppo);
    this.startRun(ppo);
    return this.openReply(this.source.source, this.source.note);
  }

  private openReply(source: OpenReply['source'], note: string): OpenReply {
    const t = this.trainer!;
    const sc = this.scenario!;
    return {
      engine: this.kind,
      engineLabel: this.kind === 'gpu' ? this.probed?.summary ?? 'GPU' : 'CPU',
      source,
      sourceNote: note,
      parameters: t.models.actor.parameterCount,
      vocab: sc.tokenizer.vocab,
      iteration: t.iteration,
      klCoef: t.klCoef,
      curves: this.curves,
      facts: this.facts,
      hasRewardModel: sc.hasRewardModel,
      rewardSource: this.onnx.source(sc),
    };
  }

  private startRun(ppo: PpoConfig): void {
    this.release();
    this.trainer = createPpoRun(this.be!, this.scenario!, this.config!, this.sft!, this.reward, ppo);
    this.onnx.adopt(this.trainer);
    this.learnedSinceSample = false;
  }

  private async loadShipped(req: OpenRequest): Promise<{ ok: boolean; note: string }> {
    const sc = this.scenario!;
    const base = `${req.modelsUrl}${sc.id}/${req.preset}/`;
    this.post({ type: 'progress', stage: 'load', step: 0, steps: 1 });
    const sft = await fetchCheckpoint(base + 'sft.ckpt', 'lm', sc.tokenizer.size);
    if (!sft.ckpt) return { ok: false, note: sft.note };
    let rm: Awaited<ReturnType<typeof fetchCheckpoint>> | null = null;
    if (sc.hasRewardModel) {
      rm = await fetchCheckpoint(base + 'reward.ckpt', 'reward', sc.tokenizer.size);
      if (!rm.ckpt) return { ok: false, note: rm.note };
    }
    this.config = sft.ckpt.config;
    this.sft = sft.ckpt.params;
    this.reward = rm?.ckpt?.params ?? null;
    const sm = sft.ckpt.meta, rmm = rm?.ckpt?.meta ?? {};
    this.curves = {
      sftLosses: metaNumbers(sm, 'losses', 'sftLosses'),
      rmLosses: metaNumbers(rmm, 'losses', 'rmLosses'),
      rmAccuracies: metaNumbers(rmm, 'accuracies', 'rmAccuracies'),
      heldOutAccuracy: metaNumber(rmm, 'heldOutAccuracy', 'rmHeldOutAccuracy'),
    };
    this.facts = {};
    for (const [k, v] of Object.entries({ ...sm, ...rmm })) if (typeof v === 'number' && Number.isFinite(v) && k !== 'seed') this.facts[k] = v;
    this.post({ type: 'progress', stage: 'load', step: 1, steps: 1 });
    return { ok: true, note: '' };
  }

  /** SFT, then (when the scenario has one) the reward model from the SFT body, normalised. */
  private async trainStagesOn(be: AnyBackend, sftSteps: number, rmSteps: number, seed: number): Promise<void> {
    const sc = this.scenario!, cfg = this.config!;
    const sft = await trainSft(be, sc, cfg, {
      steps: sftSteps, batchSize: 32, lr: SFT_LR, seed,
      onStep: (p) => this.post({ type: 'progress', stage: 'sft', ...p }),
    });
    this.sft = await sft.model.getParams();
    this.curves = { sftLosses: sft.losses, rmLosses: [], rmAccuracies: [], heldOutAccuracy: null };
    this.facts = {};
    this.reward = null;
    if (sc.hasRewardModel) {
      const accuracies: number[] = [];
      const rm = await trainRewardModel(be, sc, cfg, {
        steps: rmSteps, batchSize: 32, lr: RM_LR, seed, heldOut: 256, init: this.sft,
        onStep: (p) => {
          accuracies.push(p.accuracy ?? NaN);
          this.post({ type: 'progress', stage: 'rm', ...p });
        },
      });
      this.post({ type: 'progress', stage: 'normalise', step: 0, steps: 1 });
      await normaliseReward(rm.model, sft.model, sc, seed);
      this.reward = await rm.model.getParams();
      this.curves = { sftLosses: sft.losses, rmLosses: rm.losses, rmAccuracies: accuracies, heldOutAccuracy: rm.heldOutAccuracy };
      rm.model.release();
      this.post({ type: 'progress', stage: 'normalise', step: 1, steps: 1 });
    }
    sft.model.release();
  }

  /** Retrains SFT and reward model on this session's engine and restarts PPO from them. */
  async trainStages(p: Api['trainStages'][0]): Promise<OpenReply> {
    if (!this.request) throw new Error('no session');
    this.onnx.checkConfig(this.scenario!, p.ppo);
    this.release();
    await this.trainStagesOn(this.be!, p.sftSteps, p.rmSteps, p.seed);
    this.startRun(p.ppo);
    this.source = { source: 'trained-here', note: '' };
    return this.openReply('trained-here', '');
  }

  private get run(): PpoTrainer<unknown, unknown> {
    if (!this.trainer) throw new Error('the run is not open yet');
    return this.trainer;
  }

  setConfig(ppo: PpoConfig): { klCoef: number } {
    this.onnx.checkConfig(this.scenario!, ppo);
    this.run.setConfig(ppo);
    return { klCoef: this.run.klCoef };
  }

  async sample(keepLogits: boolean): Promise<RolloutView> {
    const t = this.run;
    this.logits = null;
    this.rollout = await t.sample();
    this.rolloutTemperature = t.config.temperature;
    this.learnedSinceSample = false;
    if (keepLogits) await this.cacheLogits();
    return this.rollout;
  }

  async feedback(): Promise<FeedbackView> {
    const f = await this.run.feedback();
    for (const [name, xs] of [['a log-probability', f.logprobs], ['a reference log-probability', f.refLogprobs], ['a value', f.values], ['a score', f.scores]] as const) {
      if (!xs.every(Number.isFinite)) throw new DivergedError(name);
    }
    return f;
  }

  async learn(keepLogits: boolean): Promise<LearnReply> {
    // The actor changes in this phase: keep the logits it sampled with if the UI may still ask.
    if (keepLogits && !this.logits && this.rollout) await this.cacheLogits();
    const view = await this.run.learn();
    this.learnedSinceSample = true;
    return { view, klCoef: this.run.klCoef, iteration: this.run.iteration };
  }

  /** One forward of the actor over the rollout (B, S), read back for the next-token bars. */
  private async cacheLogits(): Promise<void> {
    const r = this.rollout!, be = this.be!;
    const actor = this.run.models.actor;
    const seq = be.ints(r.B * r.S, 'viz.seq');
    be.uploadInts(seq, r.tokens);
    actor.forward(seq, r.B, r.S);
    const data = await be.read(actor.output());
    be.release(seq);
    this.logits = { data, temperature: this.rolloutTemperature };
  }

  async topk(p: Api['topk'][0]): Promise<TopK> {
    const r = this.rollout;
    if (!r) throw new Error('no rollout to look at yet');
    if (!this.logits) {
      if (this.learnedSinceSample) throw new Error('the actor has been updated since this rollout was sampled; step to the next sampling phase to see its probabilities');
      await this.cacheLogits();
    }
    const V = this.config!.vocabSize;
    if (p.b < 0 || p.b >= r.B || p.t < 0 || p.t >= r.T) throw new RangeError(`no token at (${p.b}, ${p.t})`);
    const pos = r.P + p.t - 1; // logits of the position before the token (conventions §3)
    const row = this.logits!.data.subarray((p.b * r.S + pos) * V, (p.b * r.S + pos + 1) * V);
    const sampled = r.tokens[p.b * r.S + r.P + p.t];
    return { b: p.b, t: p.t, ...topK(row, this.logits!.temperature, p.k, sampled) };
  }

  async snapshot(): Promise<RunSnapshot> {
    const t = this.run;
    const [actor, critic] = [await t.models.actor.getState(), await t.models.critic.getState()];
    return { actor, critic, sft: this.sft!, reward: this.reward, iteration: t.iteration, klCoef: t.klCoef };
  }

  /** n pairs of answers to the same prompt sampled from the SFT model (the frozen reference). */
  async labelPairs(p: Api['labelPairs'][0]): Promise<LabelPair[]> {
    const sc = this.scenario!, t = this.run;
    const seed = t.config.seed;
    const P = sc.promptLength, T = Math.min(sc.maxResponseLength, t.config.maxResponseLength), S = P + T;
    const prompts = sc.prompts(new Rng(seed, STREAM.data + 64 + (p.round & 0xff) * 256), p.n);
    const doubled = prompts.flatMap((x) => [x, x]);
    const tokens = await sampleAnswers(t.models.reference, doubled, T, seed, 0x8000 + p.round, t.config.temperature);
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
  async retrainReward(p: Api['retrainReward'][0]): Promise<RewardRetrainReply> {
    const sc = this.scenario!, t = this.run;
    if (!sc.hasRewardModel || !t.models.reward) throw new Error(`scenario "${sc.id}" scores with a checker, not a reward model`);
    if (p.pairs.length === 0) throw new Error('label at least one pair first');
    const accuracies: number[] = [];
    const rm = await trainRewardModel(this.be!, sc, this.config!, {
      steps: p.steps, batchSize: 16, lr: RM_LR, seed: t.config.seed, heldOut: 128, init: this.sft!, pairs: p.pairs,
      onStep: (s) => {
        accuracies.push(s.accuracy ?? NaN);
        this.post({ type: 'progress', stage: 'rm', ...s });
      },
    });
    // 64 answers are enough to centre the scores and keep the GPU engine on a software adapter quick.
    await normaliseReward(rm.model, t.models.reference, sc, t.config.seed, 64);
    this.reward = await rm.model.getParams();
    rm.model.release();
    t.models.reward.setParams(this.reward);
    this.curves = { ...this.curves, rmLosses: rm.losses, rmAccuracies: accuracies, heldOutAccuracy: rm.heldOutAccuracy };
    return { curves: this.curves, heldOutAccuracy: rm.heldOutAccuracy, pairs: p.pairs.length };
  }

  exportOnnx(p: Api['exportOnnx'][0]): Promise<OnnxExportReply> {
    return exportRunModel(this.run, this.scenario!, this.request!.preset, p.model);
  }

  attachRewardOnnx(p: Api['attachRewardOnnx'][0]): Promise<RewardSource> {
    return this.onnx.attach(this.run, this.scenario!, p.name, p.bytes);
  }

  compareAnswers(p: Api['compareAnswers'][0]): Promise<CompareReply> {
    return compareAnswers(this.run, this.scenario!, p.n);
  }

  async detachRewardOnnx(): Promise<RewardSource> {
    await this.onnx.detach(this.trainer);
    return this.onnx.source(this.scenario!);
  }
}
