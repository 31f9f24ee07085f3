/**
 * The typed message protocol between the UI's store (main thread) and the engine worker.
 * Requests carry an id; the worker answers each with exactly one `reply` or `failure` of the same
 * id, in order (the worker runs one request at a time: GPU work is recorded into one encoder).
 * Events (progress, device loss) arrive at any time without an id.
 * Only types live here, so importing this file never pulls the engine into the main bundle.
 */
import type { PresetName } from '../engine/model/config';
import type { FeedbackView, LearningView, RolloutView } from '../engine/rl/ppo-stats';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { PoolStats } from '../engine/gpu/buffer-pool';
import type { CpuKernels } from '../engine/backends/cpu-backend';

export type EngineKind = 'gpu' | 'cpu';

/** What the worker found when it looked for WebGPU. */
export interface GpuProbe {
  available: boolean;
  /** Adapter summary for the badge (adapterSummary). */
  summary: string;
  isFallbackAdapter: boolean;
  /** Why WebGPU cannot be used (when not available). */
  reason: string;
}

/** Weights + Adam moments + step count of one model (Gpt.getState). */
export interface ModelState {
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
  steps: number;
}

/** Everything needed to resume a PPO run at an iteration boundary, on either engine. */
export interface RunSnapshot {
  actor: ModelState;
  critic: ModelState;
  /** The frozen reference = the SFT weights. */
  sft: Float32Array;
  reward: Float32Array | null;
  iteration: number;
  klCoef: number;
}

/** Loss / accuracy curves of the stages before PPO (when trained here, or from checkpoint metadata). */
export interface StageCurves {
  sftLosses: number[];
  rmLosses: number[];
  rmAccuracies: number[];
  heldOutAccuracy: number | null;
}

export type ModelSource = 'checkpoint' | 'trained-here' | 'restored';

export interface OpenRequest {
  scenario: string;
  preset: PresetName;
  engine: EngineKind;
  ppo: PpoConfig;
  /** Absolute URL of the shipped checkpoints folder (…/models/). */
  modelsUrl: string;
  /** Resume from a saved run instead of loading checkpoints. */
  restore?: RunSnapshot;
  /** Steps of the quick SFT / reward-model training used when no checkpoint is shipped. */
  fallbackSteps: { sft: number; rm: number };
  /** CPU engine: the kernels to run (a replay asks for those its run was recorded on); default: the engine's default. */
  cpuKernels?: CpuKernels;
}

export interface OpenReply {
  engine: EngineKind;
  /** The adapter summary (GPU) or 'CPU'. */
  engineLabel: string;
  /** CPU engine: which kernels run (WebAssembly SIMD or the TypeScript ops), on how many threads, and why not more ('' when all is well). */
  cpuKernels?: { active: CpuKernels; threads: number; note: string };
  source: ModelSource;
  /** Why checkpoints were not used (when trained here). */
  sourceNote: string;
  parameters: number;
  vocab: readonly string[];
  iteration: number;
  klCoef: number;
  curves: StageCurves;
  /** Numbers recorded in the shipped checkpoints' metadata (steps, final losses, held-out accuracy…). */
  facts: Record<string, number>;
  hasRewardModel: boolean;
  /** Where the feedback phase's scores come from now. */
  rewardSource: RewardSource;
}

/** The four PPO models, as the ONNX download names them. */
export type OnnxModelRole = 'actor' | 'critic' | 'reward' | 'reference';

export interface OnnxExportReply {
  /** The ONNX file (opset 17, standard ops; see engine/onnx/export.ts). */
  bytes: Uint8Array;
  filename: string;
}

/**
 * The feedback phase's reward source: the run's own reward model, the scenario's checker
 * (verifiable answers), or an ONNX model the user loaded (its file name and non-fatal warnings).
 */
export interface RewardSource {
  kind: 'reward-model' | 'checker' | 'onnx';
  name: string;
  warnings: string[];
  /** The run's reward model was retrained on this many pairs labelled by the class. */
  classPairs?: number;
}

export interface TopK {
  b: number;
  t: number;
  temperature: number;
  /** Token ids and their probabilities, most likely first. */
  tokens: number[];
  probs: number[];
  /** The probability of the token that was actually sampled at (b, t). */
  sampledProb: number;
}

export interface LabelPair {
  prompt: number[];
  a: number[];
  b: number[];
  /** Gold scores of a and b (the scripted judgement, shown after the class votes). */
  goldA: number;
  goldB: number;
}

export interface RewardRetrainReply {
  curves: StageCurves;
  /** Agreement with the scripted labeler on held-out pairs of the reward model that was in use, and of the retrained one (the same pairs). */
  heldOutBefore: number;
  heldOutAccuracy: number;
  pairs: number;
  /** The run as it is now: curves, facts and reward source describe the retrained model. */
  session: OpenReply;
}

export interface LearnReply {
  view: LearningView;
  /** β for the next iteration (the adaptive controller may have moved it) and the trainer's iteration count. */
  klCoef: number;
  iteration: number;
}

/** One answer of the projector's before / after comparison (compare-answers.ts). */
export interface ComparedAnswer {
  /** The answer's tokens up to and including EOS (or the length limit). */
  tokens: number[];
  gold: number;
  /** The reward model's score (the checker's where the scenario has no reward model). */
  score: number;
  hasEos: boolean;
}

/** The same prompts answered by the frozen reference (before) and the current actor (after). */
export interface CompareReply {
  iteration: number;
  scoreSource: 'reward-model' | 'checker';
  rows: { prompt: number[]; before: ComparedAnswer; after: ComparedAnswer }[];
}

/** The actor's answers to the scenario's fixed probe prompts (worker/probe.ts), for the run library's comparison. */
export interface ProbeAnswers {
  /** Completed iterations of the actor that answered. */
  after: number;
  K: number;
  S: number;
  P: number;
  /** (K, S) prompt + answer tokens. */
  tokens: Int32Array;
  /** (K) reward-model score (the checker's where the scenario has no reward model) and gold score. */
  scores: Float32Array;
  gold: Float32Array;
}

/** Request name → [payload, reply]. */
export interface Api {
  probe: [Record<string, never>, GpuProbe];
  open: [OpenRequest, OpenReply];
  /** A fresh PPO run from the same SFT and reward models (no reload, no retraining). */
  reset: [{ ppo: PpoConfig }, OpenReply];
  sample: [{ keepLogits: boolean }, RolloutView];
  feedback: [Record<string, never>, FeedbackView];
  learn: [{ keepLogits: boolean }, LearnReply];
  setConfig: [{ ppo: PpoConfig }, { klCoef: number }];
  topk: [{ b: number; t: number; k: number }, TopK];
  snapshot: [Record<string, never>, RunSnapshot];
  trainStages: [{ sftSteps: number; rmSteps: number; seed: number; ppo: PpoConfig }, OpenReply];
  labelPairs: [{ n: number; round: number }, LabelPair[]];
  /** Destroys the GPU device the way a driver reset would (classroom demo and tests of the recovery path). */
  loseDevice: [Record<string, never>, { lost: boolean }];
  retrainReward: [{ pairs: { prompt: number[]; chosen: number[]; rejected: number[] }[]; steps: number }, RewardRetrainReply];
  /** Back to the reward model the run had before the class retrained it (the shipped one, or the one trained here). */
  restoreReward: [Record<string, never>, OpenReply];
  /** One of the four models, with its current weights, as an ONNX file. */
  exportOnnx: [{ model: OnnxModelRole }, OnnxExportReply];
  /**
   * Scores from an ONNX sequence-scoring model from the next feedback phase on. A refused model fails
   * with kind 'model-file' and a message saying what is wrong; the run keeps its reward source.
   */
  attachRewardOnnx: [{ name: string; bytes: Uint8Array }, RewardSource];
  /** Back to the run's own reward model (or checker). */
  detachRewardOnnx: [Record<string, never>, RewardSource];
  /** The class's labelled pairs as DPO's data (used when dpo_pairs = 'class'; kept across resets). */
  setClassPairs: [{ pairs: { prompt: number[]; chosen: number[]; rejected: number[] }[] }, { count: number }];
  /** n fixed prompts (from the seed) answered by the reference and by the actor now, with the same random numbers. */
  compareAnswers: [{ n: number }, CompareReply];
  /** The current actor's answers to the scenario's fixed probe prompts (changes nothing in the run). */
  probeAnswers: [Record<string, never>, ProbeAnswers];
  /** The GPU buffer pool's byte counters (null: no WebGPU device in this worker). Flat across iterations once warm. */
  gpuMemory: [Record<string, never>, PoolStats | null];
}

export type RequestName = keyof Api;

export interface RequestMessage<K extends RequestName = RequestName> {
  id: number;
  name: K;
  payload: Api[K][0];
}

export type ErrorKind = 'device-lost' | 'diverged' | 'gpu' | 'checkpoint' | 'config' | 'model-file' | 'other';

export type WorkerMessage =
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'failure'; id: number; kind: ErrorKind; message: string; field?: string }
  | { type: 'progress'; stage: 'sft' | 'rm' | 'normalise' | 'load'; step: number; steps: number; loss?: number; accuracy?: number }
  | { type: 'device-lost'; message: string };
