/**
 * What a lesson is: data, not UI (docs/lessons.md). A lesson opens a run with exact settings, walks
 * the class through steps, asks questions, and states what should have been seen — and each claim it
 * makes is a check that a headless test runs on the lesson's exact settings (src/lessons/proofs/).
 * Lesson files import no UI, state or DOM: only engine types.
 */
import type { PresetName } from '../engine/model/config';
import type { PpoConfig } from '../engine/rl/ppo-config';

/** One iteration's statistics under TRL's names (conventions §3), as the trainer reports them. */
export type StatsRow = Readonly<Record<string, number>>;

/** What the lesson's link opens: scenario, model size, seed and the settings that differ from the scenario's defaults. */
export interface LessonSettings {
  scenario: string;
  preset: PresetName;
  seed: number;
  /** Hyperparameters over the scenario's defaults (validated by makePpoConfig). */
  config?: Partial<PpoConfig>;
}

/** The parts of the page a step can point at ("show me" scrolls there). */
export type PanelId = 'story' | 'stages' | 'labeler' | 'sampling' | 'feedback' | 'learning' | 'inspect' | 'charts' | 'hyperparams' | 'narration';

/**
 * What a step's button does. Each kind has a condition on the page's state that marks the step done:
 * - phase: run the next phase until `phase` has run in the current iteration;
 * - run: run iterations until the run has done `iterations` in total;
 * - compare: keep the current run's curves and start a fresh run with `config` changed (done when it has);
 * - label: the class labels pairs in the labeler (done when `pairs` are labelled);
 * - retrain: the reward model retrains on the labelled pairs for `steps` steps (done when it has).
 */
export type LessonAction =
  | { kind: 'phase'; phase: 'sample' | 'feedback' | 'learn' }
  | { kind: 'run'; iterations: number }
  | { kind: 'compare'; config: Partial<PpoConfig> }
  | { kind: 'label'; pairs: number }
  | { kind: 'retrain'; steps: number };

export interface LessonStep {
  /** Text key: lessons.<lesson id>.steps.<step id>. */
  id: string;
  /** The panel the step is about. */
  panel?: PanelId;
  /** Without an action the step is for reading and looking: the class moves on with "next". */
  action?: LessonAction;
}

/** Everything a check may look at: the lesson run, its comparison run, a retrained reward model. */
export interface LessonEvidence {
  /** The lesson run's statistics, one row per iteration. */
  history: readonly StatsRow[];
  /** The run kept for comparison (a `compare` step), one row per iteration. */
  compare?: readonly StatsRow[];
  /** A reward model retrained on the class's pairs: held-out accuracy before and after, accuracy on its own training pairs. */
  retrain?: { before: number; after: number; trainAccuracy: number; pairs: number };
}

/** What a check measured: whether the claim holds, and the numbers its sentence quotes. */
export interface CheckResult {
  holds: boolean;
  values: Record<string, number>;
}

/**
 * A claim of the lesson as a function of the evidence. Text key: lessons.<lesson id>.checks.<check id>,
 * with the measured values as its variables. Returns null while the evidence is not there yet
 * (e.g. fewer iterations than the claim needs).
 */
export interface LessonCheck {
  id: string;
  evaluate(e: LessonEvidence): CheckResult | null;
  /** Values its sentence shows as percentages (fractions such as accuracies); the rest as plain numbers. */
  percent?: readonly string[];
}

/** A vertical marker the lesson draws on a chart (e.g. where gold and reward-model score part). */
export interface LessonMark {
  /** ChartsPanel chart id ('scores', 'kl', …). */
  chart: string;
  /** Iteration, 1-based as the charts count. */
  x: number;
  /** Text key: lessons.<lesson id>.marks.<id>. */
  id: string;
}

export interface Lesson {
  /** Stable id: the link's lesson=<id> and the text keys lessons.<id>.*. */
  id: string;
  /** Position in the picker (lower first). */
  order: number;
  settings: LessonSettings;
  steps: LessonStep[];
  /** How many questions for the class it has: lessons.<id>.questions.q1 … qN (2 or 3). */
  questions: number;
  /** The claims; each one is proven headless on `settings` (src/lessons/proofs/). */
  checks: LessonCheck[];
  /** Markers on the charts, from the run's statistics. */
  marks?(history: readonly StatsRow[]): LessonMark[];
}
