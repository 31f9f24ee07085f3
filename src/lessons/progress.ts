/** When a lesson step counts as done, from where the run is now and where it was when the step began. */
import type { LessonAction, LessonStep } from './types';

/** The last phase completed in the current iteration ('none': next is sampling), as the run store counts it. */
export type RunPhase = 'none' | 'sampled' | 'fed' | 'learned';

export interface RunPosition {
  /** Completed iterations. */
  iteration: number;
  phase: RunPhase;
  /** Pairs the class has labelled. */
  labelled: number;
  /** Times the reward model was retrained. */
  retrains: number;
  /** Whether a run's curves are kept for comparison. */
  kept: boolean;
}

const PHASE_SLOT = { sample: 1, feedback: 2, learn: 0 } as const;

/** Phases run so far, counted along the run: sampling, feedback, learning of iteration 0 are 1, 2, 3. */
function phasesDone(p: RunPosition): number {
  // 'learned' is counted through `iteration` (learning completes the iteration).
  return p.iteration * 3 + (p.phase === 'sampled' ? 1 : p.phase === 'fed' ? 2 : 0);
}

/** Whether `action` has happened between `start` and `now`. */
export function actionDone(action: LessonAction, start: RunPosition, now: RunPosition): boolean {
  switch (action.kind) {
    case 'phase': {
      const from = phasesDone(start), to = phasesDone(now);
      for (let k = from + 1; k <= to; k++) if (k % 3 === PHASE_SLOT[action.phase]) return true;
      return false;
    }
    case 'run':
      return now.iteration >= action.iterations;
    case 'compare':
      return now.kept;
    case 'label':
      return now.labelled >= action.pairs;
    case 'retrain':
      return now.retrains > start.retrains;
  }
}

/** A step without an action is done when the class moves on ("next"); with one, when its action has happened. */
export const stepDone = (step: LessonStep, start: RunPosition, now: RunPosition): boolean => (step.action ? actionDone(step.action, start, now) : false);
