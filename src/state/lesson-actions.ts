import { makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import { stepDone, type RunPosition } from '../lessons/progress';
import { findLesson } from '../lessons/registry';
import type { Lesson, LessonAction } from '../lessons/types';
import { currentEngine, resetRequested, runOpened, urlSynced } from './engine-actions';
import { runRenamed, runsCompared } from './library-actions';
import { currentRunId } from './library-store';
import { useLessonStore, type LessonState } from './lesson-store';
import { runLeaving } from './persistence';
import { configChanged, iterationStepped, phaseStepped } from './run-actions';
import { useRunStore } from './run-store';
import { pairsRequested, rewardRetrainRequested, useLabelerStore } from './stage-actions';
import { scenarioDefaults } from './url';

const lessons = useLessonStore;
const run = useRunStore;

/** The exact config a lesson runs with: the scenario's defaults, the lesson's settings, its seed. */
export function lessonConfig(lesson: Lesson): PpoConfig {
  const s = lesson.settings;
  return makePpoConfig({ ...scenarioDefaults(s.scenario), ...s.config, seed: s.seed });
}

/** Where the run is, as lesson steps count it. */
export function runPosition(): RunPosition {
  const r = run.getState(), l = lessons.getState();
  return { iteration: r.iteration, phase: r.phase, labelled: useLabelerStore.getState().labelled.length, retrains: l.retrains, kept: l.kept !== null };
}

function stepBegan(step: number): void {
  const p = runPosition();
  lessons.setState({ step, stepStart: { iteration: p.iteration, phase: p.phase, retrains: p.retrains } });
}

/** The lesson named in the link (its settings are already the run's: see lesson-link.ts). */
export function lessonLinked(id: string | null): void {
  lessons.setState({ id, kept: null, acting: false, stopRequested: false });
  stepBegan(0);
}

/** Opens a lesson from the picker: its exact settings, a fresh run (the one before is kept in the run library), step 1. Null leaves the lesson (the run stays). */
export async function lessonChosen(id: string | null): Promise<void> {
  const r = run.getState();
  if (r.busy || r.running || lessons.getState().acting) return;
  const lesson = id === null ? null : findLesson(id);
  if (lesson && !(await runLeaving())) return; // the run so far stays in the run library (or the page says why it cannot)
  lessonLinked(lesson?.id ?? null);
  if (!lesson) {
    urlSynced();
    return;
  }
  run.setState({ scenario: lesson.settings.scenario, preset: lesson.settings.preset, config: lessonConfig(lesson), pendingConfig: null });
  urlSynced();
  await runOpened(currentEngine());
  stepBegan(0);
}

export const stepMoved = (step: number) => {
  const l = lessons.getState(), lesson = l.id ? findLesson(l.id) : null;
  if (lesson && step >= 0 && step <= lesson.steps.length) stepBegan(step);
};

export const actStopped = () => lessons.setState({ stopRequested: true });

/** Whether a lesson step is running iterations now (the run bar's Pause then stops it: the step's own Stop may be scrolled away). */
export const selectLessonRunning = (l: LessonState): boolean =>
  l.acting && !l.stopRequested && l.id !== null && findLesson(l.id)?.steps[l.step]?.action?.kind === 'run';

async function perform(action: LessonAction): Promise<void> {
  const step = lessons.getState().step;
  switch (action.kind) {
    case 'phase':
      // At most one iteration's worth of phases: until the asked-for phase has run (the step then hands over).
      for (let i = 0; i < 3 && lessons.getState().step === step; i++) {
        const before = run.getState().phase;
        await phaseStepped();
        if (run.getState().phase === before || run.getState().error) return;
      }
      return;
    case 'run':
      while (run.getState().iteration < action.iterations && !lessons.getState().stopRequested) {
        const before = run.getState().iteration;
        await iterationStepped();
        if (run.getState().iteration === before) return; // refused or failed: the page says why
      }
      return;
    case 'compare': {
      // "Keep these curves, start again with …": the run so far stays in the run library, a fresh
      // run starts with the change, and the charts compare the two (issue #12's library).
      const r = run.getState();
      const config = r.pendingConfig ?? r.config;
      const before = Object.fromEntries(Object.keys(action.config).map((k) => [k, config[k as keyof PpoConfig]]));
      const keptId = currentRunId();
      if (configChanged(action.config)) return;
      await resetRequested();
      const now = run.getState();
      if (now.history.length > 0 || now.error) {
        run.setState({ pendingConfig: r.pendingConfig }); // refused (e.g. the run could not be kept): nothing changes
        return;
      }
      lessons.setState({ kept: { runId: keptId, before, after: action.config, history: r.history } });
      const nowId = currentRunId();
      if (keptId && nowId && keptId !== nowId) {
        const lesson = findLesson(lessons.getState().id ?? '');
        const name = (change: Record<string, unknown>) => [lesson?.id ?? 'lesson', ...Object.entries(change).map(([k, v]) => `${k}=${String(v)}`)].join(' · ');
        await runRenamed(keptId, name(before));
        await runRenamed(nowId, name(action.config));
        await runsCompared([keptId, nowId]);
      }
      return;
    }
    case 'label':
      await pairsRequested(action.pairs);
      return;
    case 'retrain':
      await rewardRetrainRequested(action.steps);
  }
}


/** Does what the current step says (its button). */
export async function stepActed(): Promise<void> {
  const l = lessons.getState(), lesson = l.id ? findLesson(l.id) : null;
  const action = lesson?.steps[l.step]?.action;
  if (!action || l.acting) return;
  lessons.setState({ acting: true, stopRequested: false });
  try {
    await perform(action);
  } finally {
    lessons.setState({ acting: false, stopRequested: false });
  }
}

// A step whose action has happened — by its button or by the page's own controls — hands over to the next one.
function advanced(): void {
  const l = lessons.getState(), lesson = l.id ? findLesson(l.id) : null;
  const step = lesson?.steps[l.step];
  if (step && stepDone(step, { ...runPosition(), ...l.stepStart }, runPosition())) stepBegan(l.step + 1);
}
run.subscribe((s, prev) => {
  if (s.iteration !== prev.iteration || s.phase !== prev.phase) advanced();
});
lessons.subscribe((s, prev) => {
  if (s.kept !== prev.kept || s.retrains !== prev.retrains) advanced();
});
useLabelerStore.subscribe((s, prev) => {
  if (s.result && s.result !== prev.result) lessons.setState({ retrains: lessons.getState().retrains + 1 });
  if (s.labelled !== prev.labelled) advanced();
});
