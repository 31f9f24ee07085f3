import { create } from 'zustand';
import type { PhaseName } from './run-store';

/**
 * How long an iteration takes, measured by the page, kept per iteration so phases of different
 * iterations are never added up (a run paused after sampling and resumed later is still one
 * iteration, but its wall time is then not a measure of anything and is left out):
 *  - engine time of each phase: from the request to the worker's reply;
 *  - wall time of the iteration: from the sampling request until the learning results are drawn,
 *    only when the three phases ran back to back (Run, or "Step one iteration"); it includes the
 *    page's own work (drawing the tables) and, when running, the animation pauses between phases.
 */
export interface IterationTiming {
  /** The iteration's number as the page shows it (1 = the first). */
  iteration: number;
  engine: Record<PhaseName, number | null>;
  /** The animation pauses between its phases while running (ms). */
  pausesMs: number;
  startedAt: number;
  backToBack: boolean;
  /** Sampling request → learning results drawn (ms); null while running or when the phases were stepped apart. */
  wallMs: number | null;
}

export interface TimingState {
  /** The iteration in progress. */
  current: IterationTiming | null;
  /** The last complete iteration. */
  last: IterationTiming | null;
  /** The first complete iteration on this engine (how long an iteration takes here: the slow-GPU banner quotes it). */
  first: IterationTiming | null;
}

const EMPTY: TimingState = { current: null, last: null, first: null };

export const engineTotal = (x: IterationTiming) => (x.engine.sample ?? 0) + (x.engine.feedback ?? 0) + (x.engine.learn ?? 0);

/** A phase of iteration `iteration` was requested at `now`; `continuing`: right after the previous phase, with no one waiting in between. */
export function phaseStarted(s: TimingState, phase: PhaseName, iteration: number, now: number, continuing: boolean): TimingState {
  if (phase === 'sample' || s.current?.iteration !== iteration) {
    // A new iteration; or one whose earlier phases ran before this page measured them (a resumed run).
    const fresh = phase === 'sample';
    return { ...s, current: { iteration, engine: { sample: null, feedback: null, learn: null }, pausesMs: 0, startedAt: now, backToBack: fresh, wallMs: null } };
  }
  return continuing ? s : { ...s, current: { ...s.current, backToBack: false } };
}

/** The worker answered phase `phase` after `ms`. After learning the iteration is complete (its wall time comes with the drawing). */
export function phaseDone(s: TimingState, phase: PhaseName, ms: number): TimingState {
  if (!s.current) return s;
  const current = { ...s.current, engine: { ...s.current.engine, [phase]: ms } };
  if (phase !== 'learn') return { ...s, current };
  return { current: null, last: current, first: s.first ?? current };
}

/** A pause of `ms` between two phases while running (the speed's animation time). */
export function paused(s: TimingState, ms: number): TimingState {
  return s.current ? { ...s, current: { ...s.current, pausesMs: s.current.pausesMs + ms } } : s;
}

/** The learning results of `iteration` are on screen at `now`: its wall time, if its phases ran back to back. */
export function drawn(s: TimingState, iteration: number, now: number): TimingState {
  const fix = (x: IterationTiming | null) => (x && x.iteration === iteration && x.backToBack && x.wallMs === null ? { ...x, wallMs: now - x.startedAt } : x);
  return { current: s.current, last: fix(s.last), first: fix(s.first) };
}

export const useTimingStore = create<TimingState>(() => EMPTY);

/** A new engine or a new run: what was measured before says nothing about it. */
export const timingReset = () => useTimingStore.setState(EMPTY);

const update = (f: (s: TimingState) => TimingState) => useTimingStore.setState(f(useTimingStore.getState()));
export const timingPhaseStarted = (phase: PhaseName, iteration: number, continuing: boolean) => update((s) => phaseStarted(s, phase, iteration, performance.now(), continuing));
export const timingPhaseDone = (phase: PhaseName, ms: number) => update((s) => phaseDone(s, phase, ms));
export const timingPaused = (ms: number) => update((s) => paused(s, ms));

/** Records when the learning results of `iteration` have been painted (two animation frames after they were set). */
export function timingDrawnSoon(iteration: number): void {
  if (typeof requestAnimationFrame === 'undefined') return;
  requestAnimationFrame(() => requestAnimationFrame(() => update((s) => drawn(s, iteration, performance.now()))));
}
