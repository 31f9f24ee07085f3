import { create } from 'zustand';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { StatsRow } from '../lessons/types';
import type { Phase } from './run-store';

/**
 * The run a lesson's compare step kept ("one after the other with the first run's curve kept"):
 * it stays in the run library and the charts compare it with the new run; its statistics as they
 * were are the lesson's evidence.
 */
export interface KeptCurves {
  /** Its id in the run library (null when the library could not keep it). */
  runId: string | null;
  /** The settings the lesson changed, as they were in the kept run and as they are in the next one. */
  before: Partial<PpoConfig>;
  after: Partial<PpoConfig>;
  history: readonly StatsRow[];
}

export interface LessonState {
  /** The lesson shown (lesson=<id> in the link), or null. */
  id: string | null;
  /** Index of the current step. */
  step: number;
  /** The run's position when the current step began: a phase step is done once its phase ran after it. */
  stepStart: { iteration: number; phase: Phase; retrains: number };
  kept: KeptCurves | null;
  /** A step's action in progress (running iterations can be stopped). */
  acting: boolean;
  stopRequested: boolean;
  /** Retrainings of the reward model seen since the lesson opened (a retrain step waits for the next one). */
  retrains: number;
}

export const useLessonStore = create<LessonState>(() => ({
  id: null,
  step: 0,
  stepStart: { iteration: 0, phase: 'none', retrains: 0 },
  kept: null,
  acting: false,
  stopRequested: false,
  retrains: 0,
}));
