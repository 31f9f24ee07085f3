import type { PresetName } from '../../engine/model/config';
import type { PpoConfig } from '../../engine/rl/ppo-config';
import type { CpuKernels } from '../../engine/backends/cpu-backend';
import type { EngineKind, RunSnapshot, StageCurves } from '../../worker/protocol';

/**
 * What the run library keeps of a run (docs/runs.md). A run is deterministic from its scenario,
 * preset, the settings and engine in force at each iteration (its change history) and the shipped
 * checkpoints: that is enough to replay it; the statistics, sample answers and (optionally) the
 * weights are kept so it opens at once.
 */
export const RUN_RECORD_VERSION = 1;

/** Statistics rows per stored chunk: a save at an iteration boundary rewrites one chunk, not the whole history. */
export const CHUNK_ROWS = 256;

/** From iteration `at` (0-based: the first iteration shaped by it) on, the run used `config` on `engine`. */
export interface RunChange {
  at: number;
  config: PpoConfig;
  engine: EngineKind;
  /**
   * CPU engine: the kernels that ran. They round differently (float32 WebAssembly vs float64
   * TypeScript), so a replay that is to be exact pins them. Absent: recorded on the GPU engine, or
   * before the record kept them (then the TypeScript ops were the only CPU kernels).
   */
  kernels?: CpuKernels;
}

/** The engine (and CPU kernels) a change ran on, as a session reports it. */
export function engineOf(session: { engine: EngineKind; cpuKernels?: { active: CpuKernels } } | null | undefined): Pick<RunChange, 'engine' | 'kernels'> {
  const engine = session?.engine ?? 'cpu';
  const kernels = engine === 'cpu' ? session?.cpuKernels?.active : undefined;
  return kernels ? { engine, kernels } : { engine };
}

export const sameEngine = (a: Pick<RunChange, 'engine' | 'kernels'>, b: Pick<RunChange, 'engine' | 'kernels'>): boolean =>
  a.engine === b.engine && (a.engine === 'gpu' || (a.kernels ?? 'ts') === (b.kernels ?? 'ts'));

/** Why a run cannot be replayed from its settings (its models changed in ways a link does not carry). */
export type NotReplayableReason = 'reward-retrained' | 'onnx-reward' | 'stages-trained-here';

export interface RunMeta {
  version: typeof RUN_RECORD_VERSION;
  id: string;
  /** Shown in the library and the charts' legends; editable. */
  name: string;
  scenario: string;
  preset: PresetName;
  /** Non-empty; changes[0].at = 0; `at` strictly increasing. */
  changes: RunChange[];
  /** A settings change waiting for the next iteration boundary (the link shows it). */
  pending: PpoConfig | null;
  /** Completed iterations (= statistics rows). */
  iteration: number;
  /** β for the next iteration (the adaptive controller may have moved it). */
  klCoef: number;
  /** The statistics' names, in the order of the columns of every chunk. */
  statKeys: string[];
  /** The run this one was forked from, and the last iteration (1-based count) they share. */
  forkOf: { id: string; name: string; at: number } | null;
  /** From which completed iteration on the run stopped being replayable, and why. */
  notReplayable: { reason: NotReplayableReason; at: number }[];
  /** The stage curves (SFT / reward model) the run started from, for its stages panel. */
  curves: StageCurves;
  hasWeights: boolean;
  /** Bytes stored: statistics, sample answers, weights (0 when not kept). */
  bytes: { history: number; samples: number; weights: number };
  createdAt: number;
  savedAt: number;
}

/** CHUNK_ROWS statistics rows (fewer in the last chunk), row-major: data[r * statKeys.length + k]. */
export interface HistoryChunk {
  runId: string;
  index: number;
  rows: number;
  data: Float64Array;
}

export interface RunWeights {
  runId: string;
  snapshot: RunSnapshot;
}

/**
 * The answers of the run's actor to the fixed probe prompts after `after` completed iterations
 * (worker/probe.ts): the same prompts and random numbers for every run of a scenario, so two runs'
 * answers can be compared whatever their seeds.
 */
export interface ProbeEntry {
  after: number;
  /** (K, S) prompt + answer tokens. */
  tokens: Int32Array;
  /** (K) reward-model (or checker) score and gold score. */
  scores: Float32Array;
  gold: Float32Array;
}

export interface RunSamples {
  runId: string;
  K: number;
  S: number;
  P: number;
  /** Probes are kept every `stride` iterations; the stride doubles when MAX_PROBES would be passed. */
  stride: number;
  entries: ProbeEntry[];
}

/** Sample answers kept per run (then every other one is dropped and the stride doubles): bounded storage. */
export const MAX_PROBES = 128;

/** A run as loaded into the page: everything but the weights, which are loaded only to resume it. */
export interface LoadedRun {
  meta: RunMeta;
  history: Record<string, number>[];
  samples: RunSamples | null;
}

/** The settings in force at iteration `at` (0-based). */
export function changeAt(changes: readonly RunChange[], at: number): RunChange {
  let c = changes[0];
  for (const x of changes) if (x.at <= at) c = x;
  return c;
}

/** The change that takes effect at the start of iteration i (i > 0), if one does: what a replay applies there. */
export const changeStartingAt = (changes: readonly RunChange[], i: number): RunChange | null => (i > 0 ? changes.find((c) => c.at === i) ?? null : null);

/** The settings the run uses now (its last change). */
export const currentChange = (meta: Pick<RunMeta, 'changes'>): RunChange => meta.changes[meta.changes.length - 1];

/** A run can be replayed up to iteration n when nothing unreplayable happened before iteration n. */
export const replayableUpTo = (meta: Pick<RunMeta, 'notReplayable' | 'iteration'>): number =>
  meta.notReplayable.reduce((n, x) => Math.min(n, x.at), meta.iteration);
