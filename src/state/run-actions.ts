import { ConfigError, makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import { engine, onDeviceLost } from './client';
import { deviceLost, urlSynced } from './engine-actions';
import { scenarioProblem } from './url';
import { boundarySaved, settingsApplied } from './persistence';
import { nextPhaseOf, selectFastRun, useRunStore, type PhaseName, type RunState, type Speed } from './run-store';
import { useViewStore } from './view-store';
import { timingDrawnSoon, timingPaused, timingPhaseDone, timingPhaseStarted } from './timing';
import { asEngineError } from './worker-client';

const set = useRunStore.setState;
const get = useRunStore.getState;

/** Pause after each phase while running, so the panels' animations can be followed (ms). */
const PAUSE: Record<Speed, Record<PhaseName, number>> = {
  slow: { sample: 2600, feedback: 2200, learn: 2600 },
  normal: { sample: 900, feedback: 700, learn: 900 },
  fast: { sample: 0, feedback: 0, learn: 0 },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function failed(e: unknown): void {
  const err = asEngineError(e);
  set({ busy: null, running: false, error: { kind: err.kind, message: err.message } });
}

/** Whether the worker should keep the actor's logits of a rollout for the next-token bars. */
const keepLogits = () => !selectFastRun(get());

/**
 * Running on "fast", the panels show whole iterations, and at most one per TABLES_EVERY_MS: a
 * phase's views are held here and published with the learning phase's in one update, and only when
 * the tables were last redrawn long enough ago — redrawing (and remounting) every token table two to
 * six times a second held up the page's clicks behind it and nobody could read them anyway (issue
 * #13's soak). The iteration counter and the charts' history still move every iteration. Anything
 * that stops the run (pause, a slower speed, a failure) publishes what is held first, so a paused
 * run shows the phase it stopped after.
 */
export const TABLES_EVERY_MS = 1000;
type HeldViews = Partial<Pick<RunState, 'rollout' | 'rolloutConfig' | 'feedback' | 'feedbackSource' | 'learning'>>;
let held: { views: HeldViews; session: RunState['session']; iteration: number } | null = null;
let tablesShownAt = -Infinity;

/** The views in the store with `also`, in one update (the next-token bars start at the first token of a new rollout). */
function viewsShown(views: HeldViews, also: Partial<RunState> = {}): void {
  if (views.rollout) {
    const b = Math.min(useViewStore.getState().focused.b, views.rollout.B - 1);
    useViewStore.setState({ focused: { b, t: 0 } });
  }
  set({ ...views, ...also });
  tablesShownAt = performance.now();
}

/** The held views, shown now (only in the run and iteration they belong to). */
function heldPublished(): void {
  const h = held;
  held = null;
  const s = get();
  if (h && s.session === h.session && s.iteration === h.iteration) viewsShown(h.views);
}

/**
 * Runs the next phase of the iteration. Returns false when it could not (busy, not ready, failed).
 * `views`: whether the worker keeps the actor's logits for the next-token bars; `continuing`: it
 * follows the previous phase without waiting for anyone (Run, Step one iteration — timing.ts).
 */
async function runPhase(views = keepLogits(), continuing = false): Promise<boolean> {
  const s = get();
  if (s.status !== 'ready' || s.busy !== null || s.error?.kind === 'device-lost') return false;
  const next = nextPhaseOf(s.phase);
  const defer = selectFastRun(s);
  if (!defer) heldPublished();
  set({ busy: next, error: null });
  timingPhaseStarted(next, s.iteration + 1, continuing);
  const t0 = performance.now();
  try {
    if (next === 'sample') {
      if (s.pendingConfig) {
        // A change applies from the next iteration: sent at the boundary, never mid-iteration.
        const r = await engine().call('setConfig', { ppo: s.pendingConfig });
        set({ config: s.pendingConfig, pendingConfig: null, klCoef: r.klCoef });
        settingsApplied();
      }
      const rollout = await engine().call('sample', { keepLogits: views });
      timingPhaseDone('sample', performance.now() - t0);
      const shown = { rollout, rolloutConfig: get().config, feedback: null, learning: null };
      const also: Partial<RunState> = { phase: 'sampled', topk: null, topkError: null, busy: null };
      if (defer) {
        held = { views: shown, session: get().session, iteration: get().iteration };
        set(also);
      } else viewsShown(shown, also);
    } else if (next === 'feedback') {
      const feedback = await engine().call('feedback', {});
      timingPhaseDone('feedback', performance.now() - t0);
      const shown = { feedback, feedbackSource: get().session?.rewardSource ?? null };
      const also: Partial<RunState> = { phase: 'fed', busy: null };
      if (defer && held) {
        held.views = { ...held.views, ...shown };
        set(also);
      } else viewsShown(shown, also);
    } else {
      const r = await engine().call('learn', { keepLogits: views });
      timingPhaseDone('learn', performance.now() - t0);
      const whole = { ...(held && held.session === get().session ? held.views : {}), learning: r.view };
      held = null;
      const also: Partial<RunState> = { phase: 'learned', iteration: r.iteration, klCoef: r.klCoef, history: [...get().history, r.view.stats], busy: null };
      if (defer && performance.now() - tablesShownAt < TABLES_EVERY_MS) {
        held = { views: whole, session: get().session, iteration: r.iteration };
        set(also);
      } else viewsShown(whole, also);
      timingDrawnSoon(s.iteration + 1);
      // Every iteration boundary is saved (a reload or a lost GPU loses at most the iteration in flight).
      await boundarySaved();
    }
    return true;
  } catch (e) {
    heldPublished();
    failed(e);
    return false;
  }
}

/** Step: the next phase (sampling → feedback → learning). */
export async function phaseStepped(): Promise<void> {
  if (get().running) return;
  await runPhase();
}

/** Step: the rest of the current iteration (a whole one from its start). */
export async function iterationStepped(): Promise<void> {
  if (get().running) return;
  await iterationRan();
}

/** The rest of the current iteration, whoever drives it (a step, a replay). false: it could not finish. */
export async function iterationRan(views = keepLogits()): Promise<boolean> {
  let continuing = false;
  do {
    if (!(await runPhase(views, continuing))) return false;
    continuing = true;
  } while (get().phase !== 'learned');
  return true;
}

/** Run / pause. Pausing lets the phase in progress finish (a phase cannot be cut in the middle). */
export function runToggled(): void {
  const s = get();
  if (s.running) {
    set({ running: false });
    return;
  }
  if (s.status !== 'ready' || s.busy !== null) return;
  const mine = ++loops;
  set({ running: true });
  void (async () => {
    let continuing = false;
    while (get().running && loops === mine) {
      const before = nextPhaseOf(get().phase);
      if (!(await runPhase(keepLogits(), continuing))) break;
      continuing = true;
      const pause = PAUSE[get().speed][before];
      if (get().running && pause > 0) {
        await sleep(pause);
        timingPaused(pause);
      }
    }
    if (loops !== mine) return; // a newer loop runs (paused and run again within a pause): it owns the flag
    heldPublished();
    set({ running: false });
  })();
}

/** How many run loops were started: only the latest may go on (see runToggled). */
let loops = 0;

// A lost GPU device while running (issue #13, item 5): the run moves to the CPU engine and goes on by itself.
onDeviceLost(async (message) => {
  if (await deviceLost(message)) runToggled();
});

export const speedChosen = (speed: Speed) => set({ speed });

/**
 * A hyperparameter change: validated by makePpoConfig (the error names the field); a valid
 * change waits for the next iteration boundary. Returns the message for the field, or null.
 */
export function configChanged(change: Partial<Record<keyof PpoConfig, unknown>>): { field: string; message: string } | null {
  const s = get();
  const base = s.pendingConfig ?? s.config;
  let next: PpoConfig;
  try {
    next = makePpoConfig({ ...base, ...change });
  } catch (e) {
    if (e instanceof ConfigError) return { field: e.field, message: e.message };
    return { field: Object.keys(change)[0] ?? '', message: (e as Error).message };
  }
  const bad = scenarioProblem(s.scenario, next);
  if (bad) return bad;
  set({ pendingConfig: JSON.stringify(next) === JSON.stringify(s.config) ? null : next });
  urlSynced();
  return null;
}

/** The actor's next-token probabilities at (b, t) of the current rollout. */
export async function topkRequested(b: number, t: number): Promise<void> {
  useViewStore.setState({ focused: { b, t } });
  // Held views: the panels show the previous iteration while the engine has sampled the next one.
  if (!get().rollout || held) return;
  try {
    const topk = await engine().call('topk', { b, t, k: 8 });
    const f = useViewStore.getState().focused;
    if (f.b === b && f.t === t) set({ topk, topkError: null });
  } catch (e) {
    set({ topk: null, topkError: (e as Error).message });
  }
}

export const errorDismissed = () => set({ error: null });
export const noticesDismissed = () => set({ notices: [] });
