import { create } from 'zustand';
import type { PresetName } from '../engine/model/config';
import { makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import type { FeedbackView, LearningView, RolloutView } from '../engine/rl/ppo-stats';
import type { ErrorKind, GpuProbe, OpenReply, RewardSource, StageCurves, TopK } from '../worker/protocol';
import type { EngineChoice } from './url';

/** The last phase completed in the current iteration ('none': the next phase is sampling). */
export type Phase = 'none' | 'sampled' | 'fed' | 'learned';
export type PhaseName = 'sample' | 'feedback' | 'learn';
export type Speed = 'slow' | 'normal' | 'fast';

export interface Progress {
  stage: 'sft' | 'rm' | 'normalise' | 'load';
  step: number;
  steps: number;
  loss?: number;
  accuracy?: number;
}

export interface Banner {
  /** slow-gpu: the GPU engine chosen on a software (fallback) adapter, where an iteration takes tens of seconds. */
  kind: 'no-webgpu' | 'fallback' | 'slow-gpu' | 'gpu-failed' | 'device-lost';
  text: string;
  /** After a lost device: the run moved to the CPU engine at this iteration (its last boundary)… */
  continuedAt?: number;
  /** …and, as it was running, went on by itself (else it waits for a step or run). */
  resumed?: boolean;
}

export interface RunState {
  scenario: string;
  preset: PresetName;
  engineChoice: EngineChoice;
  /** The config the engine runs with (hyperparameters and seed). */
  config: PpoConfig;
  /** A valid config waiting for the next iteration boundary. */
  pendingConfig: PpoConfig | null;
  probe: GpuProbe | null;
  banner: Banner | null;
  /** 'starting' until the run is open; 'preparing' while models load or train; 'failed' if it could not open. */
  status: 'starting' | 'preparing' | 'ready' | 'failed';
  /** What the engine is doing now (null: idle). Controls that need the engine are disabled meanwhile. */
  busy: string | null;
  progress: Progress | null;
  session: OpenReply | null;
  curves: StageCurves;
  phase: Phase;
  /** Completed iterations (the trainer's iteration counter). */
  iteration: number;
  klCoef: number;
  rollout: RolloutView | null;
  /** The config the current rollout was sampled with (shapes, temperature, β…). */
  rolloutConfig: PpoConfig | null;
  feedback: FeedbackView | null;
  /** Where the shown feedback's scores came from (the reward source when that phase ran). */
  feedbackSource: RewardSource | null;
  learning: LearningView | null;
  history: Record<string, number>[];
  running: boolean;
  speed: Speed;
  error: { kind: ErrorKind; message: string } | null;
  /** Problems with the link or an imported file (shown once, defaults used instead). */
  notices: string[];
  topk: TopK | null;
  topkError: string | null;
  savedAt: number | null;
}

export const emptyCurves = (): StageCurves => ({ sftLosses: [], rmLosses: [], rmAccuracies: [], heldOutAccuracy: null });

export const useRunStore = create<RunState>(() => ({
  scenario: 'reviews',
  preset: 'tiny',
  engineChoice: 'auto',
  config: makePpoConfig({}),
  pendingConfig: null,
  probe: null,
  banner: null,
  status: 'starting',
  busy: null,
  progress: null,
  session: null,
  curves: emptyCurves(),
  phase: 'none',
  iteration: 0,
  klCoef: 0,
  rollout: null,
  rolloutConfig: null,
  feedback: null,
  feedbackSource: null,
  learning: null,
  history: [],
  running: false,
  speed: 'normal',
  error: null,
  notices: [],
  topk: null,
  topkError: null,
  savedAt: null,
}));

export const nextPhaseOf = (p: Phase): PhaseName => (p === 'sampled' ? 'feedback' : p === 'fed' ? 'learn' : 'sample');

// Selectors at module scope (stable identities for React).
/**
 * Running on "fast", the page shows whole iterations (run-actions.ts): what is shown reads as at an
 * iteration boundary — nothing busy, the last phase done learning — rather than changing six times an
 * iteration, each change redrawing the top bar, the story, the pipeline… (issue #13's click latency).
 * The actions themselves read `busy` and `phase`, never these.
 */
export const selectFastRun = (s: RunState): boolean => s.running && s.speed === 'fast';
export const selectShownBusy = (s: RunState): string | null => (selectFastRun(s) ? null : s.busy);
export const selectShownPhase = (s: RunState): Phase => (selectFastRun(s) ? 'learned' : s.phase);
export const selectNextPhase = (s: RunState): PhaseName => nextPhaseOf(selectShownPhase(s));
const DONE: Record<Phase, PhaseName | null> = { none: null, sampled: 'sample', fed: 'feedback', learned: 'learn' };
/** The phase the engine is running now, as shown (null when idle, or running on "fast"). */
export const selectRunningPhase = (s: RunState): PhaseName | null => {
  const busy = selectShownBusy(s);
  return busy === 'sample' || busy === 'feedback' || busy === 'learn' ? busy : null;
};
/** The phase to highlight: the one running now, else the one whose results the panels show (null before any). */
export const selectActivePhase = (s: RunState): PhaseName | null => selectRunningPhase(s) ?? DONE[selectShownPhase(s)];
export const selectCanStep = (s: RunState): boolean => s.status === 'ready' && s.busy === null && !s.running && s.error?.kind !== 'device-lost';
export const selectActiveConfig = (s: RunState): PpoConfig => s.pendingConfig ?? s.config;
const NO_VOCAB: readonly string[] = [];
/** The scenario's words by token id (stable empty list before the run opens: zustand needs stable selector results). */
export const selectVocab = (s: RunState): readonly string[] => s.session?.vocab ?? NO_VOCAB;
