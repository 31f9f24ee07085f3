import type { CpuKernels } from '../engine/backends/cpu-backend';
import type { EngineKind } from '../worker/protocol';
import { cpuKernelsPinned, engineStarted, engineSwitched, linkRunOpened, runOpened, urlSynced } from './engine-actions';
import { changeStartingAt, replayableUpTo, type LoadedRun, type NotReplayableReason, type RunChange } from './library/record';
import { messageShown, useLibraryStore } from './library-store';
import { boundarySaved, newRunId, sameConfig, savesSuspended, setCurrent } from './persistence';
import { shippedId } from '../engine/pipeline/shipped-ids';
import { decodeReplay, encodeReplay, ReplayLinkError, type ReplaySpec } from './replay-link';
import { iterationRan } from './run-actions';
import { useRunStore } from './run-store';
import { linkFor, type LinkSettings } from './url';
import { useViewStore } from './view-store';

/**
 * Replays (issue #12, item 5): a link's first N iterations, or a kept run whose weights were not
 * kept, re-run iteration by iteration — the settings and engine changes applied at the iterations
 * they took effect — with a progress bar and Cancel (or Pause). The CPU engine gives the same
 * numbers bit for bit; the GPU engine within its parity tolerance.
 */
const lib = useLibraryStore;
const runStore = useRunStore;

/** The replay link of the current run (up to the last replayable iteration), and the settings-only link. */
export function replayLinks(): { replay: string | null; upTo: number; iteration: number; reasons: NotReplayableReason[]; settings: string } {
  const r = runStore.getState();
  const v = useViewStore.getState();
  const cur = lib.getState().current;
  const base = `${window.location.origin}${window.location.pathname}`;
  const prefs = { view: 'playground' as const, lang: v.lang === 'en' ? null : v.lang, projector: v.projector, colourSafe: v.colourSafe, debug: false };
  const settings = base + linkFor({ scenario: r.scenario, preset: r.preset, engine: r.engineChoice, config: r.pendingConfig ?? r.config, ...prefs });
  const iteration = r.history.length;
  if (!cur) return { replay: null, upTo: 0, iteration, reasons: [], settings };
  const upTo = replayableUpTo({ notReplayable: cur.notReplayable, iteration });
  const reasons = [...new Set(cur.notReplayable.map((x) => x.reason))];
  if (upTo === 0) return { replay: null, upTo, iteration, reasons, settings };
  const code = encodeReplay({ scenario: r.scenario, preset: r.preset, changes: cur.changes, iteration: upTo, models: shippedId(r.scenario, r.preset) });
  const q = new URLSearchParams({ replay: code });
  if (prefs.lang) q.set('lang', prefs.lang);
  return { replay: `${base}?${q.toString()}`, upTo, iteration, reasons, settings };
}

export function replayCancelled(): void {
  lib.setState((s) => ({ replay: s.replay && { ...s.replay, cancelRequested: true } }));
}

/** Startup with ?replay=…: the replay, or — for a damaged code — a notice and the link's other settings. */
export async function replayOpened(link: LinkSettings, problems: string[]): Promise<void> {
  let spec: ReplaySpec | null = null;
  try {
    spec = decodeReplay(link.replay ?? '');
  } catch (e) {
    problems.push(`${(e as ReplayLinkError).message}; the link's other settings are used instead`);
  }
  const kind = await engineStarted({ ...link, ...(spec ? { scenario: spec.scenario, preset: spec.preset, config: spec.changes[0].config, engine: spec.changes[0].engine } : {}) }, problems);
  if (!kind) return;
  if (!spec) {
    await linkRunOpened({ ...link, replay: null }, kind);
    urlSynced();
    return;
  }
  // A link made with other shipped models (before a retrain) replays on today's: say it will not match.
  const now = shippedId(spec.scenario, spec.preset);
  if (spec.models !== undefined && spec.models !== now) messageShown({ key: 'replay-other-models', tone: 'warn', vars: { was: spec.models ?? '—', now: now ?? '—' } });
  await replayRan(spec, null);
}

/** A kept run without weights opens by replaying it into its own record (nothing is written until it is complete). */
export async function libraryRunReplayed(run: LoadedRun): Promise<void> {
  const upTo = replayableUpTo(run.meta);
  if (upTo < run.meta.iteration) {
    messageShown({ key: 'cannot-replay', tone: 'warn', vars: { name: run.meta.name, n: upTo } });
    return;
  }
  const spec: ReplaySpec = { scenario: run.meta.scenario, preset: run.meta.preset, changes: run.meta.changes, iteration: run.meta.iteration };
  await replayRan(spec, run);
}

const gpuAvailable = () => runStore.getState().probe?.available ?? false;

/** What a replay runs a change on here: its engine where this browser has it, and on the CPU engine the same kernels (they round differently). */
function replayEngine(c: RunChange): { kind: EngineKind; kernels: CpuKernels | undefined } {
  if (c.engine === 'gpu') return gpuAvailable() ? { kind: 'gpu', kernels: undefined } : { kind: 'cpu', kernels: undefined };
  return { kind: 'cpu', kernels: c.kernels ?? 'ts' };
}

/** The worker could not run the kernels a CPU change was recorded on (e.g. no WebAssembly here): the numbers then match within tolerance only. */
function kernelsChecked(wanted: CpuKernels | undefined): void {
  const active = runStore.getState().session?.cpuKernels?.active;
  if (wanted && active && active !== wanted) messageShown({ key: 'replay-other-kernels', tone: 'warn', vars: { wanted, active } });
}

async function replayRan(spec: ReplaySpec, into: LoadedRun | null): Promise<void> {
  const first = spec.changes[0];
  if (spec.changes.some((c) => c.engine === 'gpu') && !gpuAvailable()) messageShown({ key: 'replay-on-cpu', tone: 'warn' });
  let on = replayEngine(first);
  runStore.setState({ scenario: spec.scenario, preset: spec.preset, config: first.config, pendingConfig: null, engineChoice: on.kind });
  cpuKernelsPinned(on.kernels);
  // A fresh run on the recorded engine and kernels (each open makes its backend anew; an engine
  // switch would carry the page's current run over, which is not the one replayed).
  await runOpened(on.kind);
  if (runStore.getState().status !== 'ready') return;
  kernelsChecked(on.kernels);
  const cur = lib.getState().current!;
  // Nothing is written until the replay ends (or is cancelled): a replay costs no storage round trips,
  // and a reload meanwhile simply replays again (the link stays in the address bar until the end).
  savesSuspended(true);
  if (into) {
    // The replay is the kept run again (same numbers): it writes into that record, its sample answers included.
    setCurrent({ ...cur, id: into.meta.id, name: into.meta.name, forkOf: into.meta.forkOf, createdAt: into.meta.createdAt, samples: into.samples });
  } else {
    setCurrent({ ...cur, name: `${cur.name} (replay)` });
  }
  const engineNow = (): 'gpu' | CpuKernels => {
    const s = runStore.getState().session;
    return s?.engine === 'gpu' ? 'gpu' : s?.cpuKernels?.active ?? 'ts';
  };
  lib.setState({ replay: { done: 0, total: spec.iteration, cancelRequested: false, on: engineNow() } });
  runStore.setState({ running: true });
  let done = 0;
  try {
    for (let i = 0; i < spec.iteration; i++) {
      if (!runStore.getState().running || lib.getState().replay?.cancelRequested) break;
      const change = changeStartingAt(spec.changes, i);
      if (change) {
        const next = replayEngine(change);
        if (next.kind !== on.kind || next.kernels !== on.kernels) {
          runStore.setState({ running: false });
          cpuKernelsPinned(next.kernels);
          await engineSwitched(next.kind, false);
          kernelsChecked(next.kernels);
          runStore.setState({ running: true });
        }
        on = next;
        if (!sameConfig(change.config, runStore.getState().config)) runStore.setState({ pendingConfig: change.config });
      }
      // The views (next-token bars) only for the last iteration: the one the page lands on.
      if (!(await iterationRan(i === spec.iteration - 1))) break;
      done = i + 1;
      lib.setState({ replay: { done, total: spec.iteration, cancelRequested: lib.getState().replay?.cancelRequested ?? false, on: engineNow() } });
    }
  } finally {
    runStore.setState({ running: false });
    lib.setState({ replay: null });
    savesSuspended(false);
  }
  urlSynced(); // the address bar holds the settings now: a reload continues the replayed run
  if (done === spec.iteration) {
    messageShown({ key: 'replayed', tone: 'info', vars: { n: done } });
  } else {
    messageShown({ key: 'replay-stopped', tone: 'info', vars: { n: done, total: spec.iteration } });
    // A partial replay of a kept run is its own run: the kept record stays as it was.
    if (into) setCurrent({ ...lib.getState().current!, id: newRunId(), name: `${into.meta.name} (replayed to ${done})`, savedRows: 0 });
  }
  await boundarySaved(); // the whole replayed run, with its weights
}
