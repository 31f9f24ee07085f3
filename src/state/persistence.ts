import { DEFAULT_PPO, type PpoConfig } from '../engine/rl/ppo-config';
import type { OpenReply, ProbeAnswers, RunSnapshot } from '../worker/protocol';
import { engine } from './client';
import { StorageFullError, StorageUnavailableError } from './library/db';
import { statKeysOf } from './library/history-columns';
import { RunLibrary } from './library/library';
import { changeAt, currentChange, engineOf, sameEngine, MAX_PROBES, RUN_RECORD_VERSION, type LoadedRun, type NotReplayableReason, type RunMeta, type RunSamples } from './library/record';
import { RunRecordError } from './library/schema';
import { copyName, defaultRunName } from './library/naming';
import { messageShown, useLibraryStore, type CurrentRun } from './library-store';
import { claimRun, releaseRun, tellOtherTabs } from './persistence-tabs';
import { useRunStore } from './run-store';
import type { LinkSettings } from './url';

/**
 * The run in the page and the run library (docs/runs.md). The current run is saved at every
 * iteration boundary — its newest statistics chunk, weights and sample answers in one IndexedDB
 * transaction — so a reload, a closed tab or a lost GPU loses at most the iteration in flight.
 * Which run a tab resumes: its own (sessionStorage survives reloads, not new tabs), else the newest
 * kept run matching the link; a run another tab holds is continued as a copy, never written twice.
 */
const library = new RunLibrary();
export const runLibrary = (): RunLibrary => library;

const SESSION_KEY = 'rlhf-playground:current-run';
const lib = useLibraryStore;
const runStore = useRunStore;

export const sameConfig = (a: PpoConfig, b: PpoConfig): boolean => (Object.keys(DEFAULT_PPO) as (keyof PpoConfig)[]).every((k) => a[k] === b[k]);

export const newRunId = (): string => globalThis.crypto.randomUUID();

const FRESH_KEY = 'rlhf-playground:start-afresh';

/**
 * The next startup of this tab begins a fresh run instead of resuming one (the error screen's
 * "start afresh", src/ui/ErrorBoundary.tsx); the kept runs stay in the library.
 */
export function nextStartFresh(): void {
  try {
    globalThis.sessionStorage?.setItem(FRESH_KEY, '1');
    globalThis.sessionStorage?.removeItem(SESSION_KEY);
  } catch {
    /* storage off: nothing would be resumed anyway */
  }
}

/** Whether this startup was asked to begin fresh (asked once: the flag is cleared). */
function startFreshAsked(): boolean {
  try {
    const asked = globalThis.sessionStorage?.getItem(FRESH_KEY) === '1';
    globalThis.sessionStorage?.removeItem(FRESH_KEY);
    return asked;
  } catch {
    return false;
  }
}

function remember(id: string): void {
  try {
    globalThis.sessionStorage?.setItem(SESSION_KEY, id);
  } catch {
    /* storage off: this tab simply has no memory across reloads */
  }
}

/** Makes `next` the page's run (this tab holds it; a reload comes back to it). */
export function setCurrent(next: CurrentRun | null): void {
  const was = lib.getState().current;
  if (was && was.id !== next?.id) releaseRun(was.id);
  lib.setState({ current: next, saveFailed: false });
  if (next) {
    remember(next.id);
    void claimRun(next.id);
  }
}

/** A new run starts in the page (fresh models, iteration 0): a new library identity, saved from its first boundary. */
export function runBegan(opts: Partial<Pick<CurrentRun, 'name' | 'forkOf' | 'notReplayable'>> = {}): void {
  const r = runStore.getState();
  setCurrent({
    id: newRunId(), name: opts.name ?? defaultRunName(r.scenario, r.preset, r.config),
    changes: [{ at: 0, config: r.config, ...engineOf(r.session) }],
    forkOf: opts.forkOf ?? null, notReplayable: opts.notReplayable ?? [], createdAt: Date.now(),
    savedRows: 0, samples: null, hasWeights: false, statKeys: [],
  });
  void baselineProbed();
}

/** The page continues a kept run (its record already checked): the same identity, saves go on from its iteration. */
export function runAdopted(meta: RunMeta, samples: RunSamples | null): void {
  setCurrent({
    id: meta.id, name: meta.name, changes: meta.changes, forkOf: meta.forkOf, notReplayable: meta.notReplayable,
    createdAt: meta.createdAt, savedRows: meta.iteration, samples, hasWeights: meta.hasWeights, statKeys: meta.statKeys,
  });
}

function updateCurrent(change: (c: CurrentRun) => Partial<CurrentRun>): void {
  const c = lib.getState().current;
  if (c) lib.setState({ current: { ...c, ...change(c) } });
}

/** The run continues on the session's engine (and CPU kernels) after a restore (engine switch, device loss, reopening): from this iteration on. */
export function runContinuedOn(session: Pick<OpenReply, 'engine' | 'cpuKernels'>): void {
  const r = runStore.getState();
  const on = engineOf(session);
  updateCurrent((c) => {
    const kept = c.changes.filter((x) => x.at <= r.iteration);
    const now = changeAt(kept, r.iteration);
    const changes = sameEngine(now, on) ? kept : [...kept.filter((x) => x.at < r.iteration), { at: r.iteration, config: now.config, ...on }];
    return { changes, savedRows: Math.min(c.savedRows, r.history.length) };
  });
}

/** A settings change took effect at the iteration boundary (run-store.config holds it now). */
export function settingsApplied(): void {
  const r = runStore.getState();
  updateCurrent((c) => {
    const last = c.changes[c.changes.length - 1];
    const change = { ...last, at: r.iteration, config: r.config };
    return { changes: last.at === r.iteration ? [...c.changes.slice(0, -1), change] : [...c.changes, change] };
  });
}

/** Something happened that a replay link cannot carry (retrained reward model, loaded ONNX model…). */
export function runMarkedNotReplayable(reason: NotReplayableReason): void {
  const at = runStore.getState().iteration;
  updateCurrent((c) => ({ notReplayable: [...c.notReplayable, { reason, at }] }));
}

/** Adds a probe to the kept sample answers: every `stride` iterations, at most MAX_PROBES (then every other one goes). */
export function withProbe(samples: RunSamples | null, p: ProbeAnswers, runId: string): RunSamples {
  const s: RunSamples = samples ?? { runId, K: p.K, S: p.S, P: p.P, stride: 1, entries: [] };
  if (p.after % s.stride !== 0 || s.entries.some((e) => e.after >= p.after)) return s;
  let entries = [...s.entries, { after: p.after, tokens: p.tokens, scores: p.scores, gold: p.gold }];
  let stride = s.stride;
  while (entries.length > MAX_PROBES) {
    stride *= 2;
    entries = entries.filter((e) => e.after % stride === 0);
  }
  return { ...s, runId, stride, entries };
}

/** The untrained actor's answers to the probe prompts (after 0 iterations): the baseline of every comparison. */
async function baselineProbed(): Promise<void> {
  const id = lib.getState().current?.id;
  try {
    const p = await engine().call('probeAnswers', {});
    if (p.after === 0) updateCurrent((c) => (c.id === id ? { samples: withProbe(c.samples, p, c.id) } : {}));
  } catch {
    /* the run was replaced meanwhile: its baseline is not needed */
  }
}

/** The record the current run's next save writes. */
export function currentMeta(c: CurrentRun, savedAt = Date.now()): RunMeta {
  const r = runStore.getState();
  return {
    version: RUN_RECORD_VERSION, id: c.id, name: c.name, scenario: r.scenario, preset: r.preset, changes: c.changes,
    pending: r.pendingConfig, iteration: r.history.length, klCoef: r.klCoef, statKeys: c.statKeys.length ? c.statKeys : statKeysOf(r.history),
    forkOf: c.forkOf, notReplayable: c.notReplayable, curves: r.curves, hasWeights: c.hasWeights,
    bytes: { history: 0, samples: 0, weights: 0 }, createdAt: c.createdAt, savedAt,
  };
}

let writes: Promise<void> = Promise.resolve();
let suspended = false;

/** While a replay runs nothing is written: it is saved once, whole, when it ends or is cancelled. */
export function savesSuspended(on: boolean): void {
  suspended = on;
}

/** Resolves when every save issued so far has been written (or refused). */
export const savesSettled = (): Promise<void> => writes;

/** The library's list with `meta` first, in place of any earlier record of the same run. */
const listedWith = (runs: readonly RunMeta[], meta: RunMeta): RunMeta[] => [meta, ...runs.filter((m) => m.id !== meta.id)];

export function upsertListed(meta: RunMeta): void {
  lib.setState((s) => ({ runs: listedWith(s.runs, meta) }));
}

export function saveRefused(e: unknown): void {
  if (e instanceof StorageFullError) {
    if (!lib.getState().saveFailed) messageShown({ key: 'storage-full', tone: 'warn', actions: ['export-current'] });
    lib.setState({ saveFailed: true });
  } else if (e instanceof StorageUnavailableError) {
    lib.setState({ available: false, saveFailed: true });
    messageShown({ key: 'storage-unavailable', tone: 'warn', vars: { reason: e.message } });
  } else {
    lib.setState({ saveFailed: true });
    messageShown({ key: 'save-failed', tone: 'warn', vars: { reason: (e as Error)?.message ?? String(e) }, actions: ['export-current'] });
  }
}

/**
 * Saves the current run at an iteration boundary. The engine's state and the probe answers are
 * requested at once (the worker answers in order, before any later phase); the write follows the
 * previous ones. Called after every learning phase — no throttling: a save costs a few ms.
 */
export function boundarySaved(opts: { evenEmpty?: boolean } = {}): Promise<void> {
  const cur = lib.getState().current;
  const r = runStore.getState();
  if (!cur || (r.history.length === 0 && !opts.evenEmpty) || r.history.length !== r.iteration) return writes;
  const stride = cur.samples?.stride ?? 1;
  const probe = r.iteration % stride === 0 ? engine().call('probeAnswers', {}) : null;
  if (suspended || lib.getState().available === false) {
    // No write now, but the sample answers of this iteration are only to be had now.
    if (probe) void probe.then((p) => updateCurrent((c) => (c.id === cur.id ? { samples: withProbe(c.samples, p, c.id) } : {}))).catch(() => undefined);
    return writes;
  }
  const snapshot = engine().call('snapshot', {});
  const history = r.history;
  const meta = currentMeta(cur);
  writes = writes.then(async () => {
    try {
      const [weights, p] = await Promise.all([snapshot, probe]);
      const c = lib.getState().current;
      if (!c || c.id !== cur.id) return; // another run replaced it meanwhile; its last boundary was saved before
      // Probes collected while saves were suspended are in c.samples already: write them with this one.
      const samples = p ? withProbe(c.samples, p, c.id) : c.savedRows === 0 ? c.samples : undefined;
      const written = await library.save({ meta: { ...meta, hasWeights: true }, history, fromRow: c.savedRows, weights, samples });
      // One update of the library's state (the current run, the list, the flag): its panels redraw once per save.
      lib.setState((s) => ({
        current: s.current?.id === cur.id ? { ...s.current, savedRows: history.length, hasWeights: true, statKeys: written.statKeys, ...(samples ? { samples } : {}) } : s.current,
        runs: listedWith(s.runs, written),
        saveFailed: false,
      }));
      runStore.setState({ savedAt: written.savedAt });
      tellOtherTabs({ type: 'library-changed' });
    } catch (e) {
      saveRefused(e);
    }
  });
  return writes;
}

/** The saved weights of the current run (its last boundary), or null. */
export async function currentWeights(): Promise<RunSnapshot | null> {
  await writes;
  const c = lib.getState().current;
  if (!c || c.savedRows === 0) return null;
  try {
    const run = await library.load(c.id);
    return await library.loadWeights(run.meta);
  } catch {
    return null;
  }
}

/**
 * Before the page leaves the current run (another seed, scenario, preset, Reset, opening another
 * run): every save is written and the run stays in the library. Returns false — and says why —
 * when the run could not be kept (storage full): then the page must not replace it.
 */
export async function runLeaving(): Promise<boolean> {
  await writes;
  const { current, saveFailed, available } = lib.getState();
  const r = runStore.getState();
  if (!current || r.history.length === 0) return true;
  if (saveFailed || available === false) {
    messageShown({ key: 'not-kept', tone: 'warn', vars: { name: current.name, n: r.history.length }, actions: ['export-current'] });
    return false;
  }
  messageShown({ key: 'kept', tone: 'info', vars: { name: current.name, n: current.savedRows }, runId: current.id, actions: ['open-run'] });
  return true;
}

const matchesLink = (m: RunMeta, link: LinkSettings): boolean =>
  m.scenario === link.scenario && m.preset === link.preset && (sameConfig(currentChange(m).config, link.config) || (m.pending !== null && sameConfig(m.pending, link.config)));

/** A record that failed the schema (or the engine's checks): kept aside, and the page says so. */
export async function runRefused(id: string, reason: string): Promise<void> {
  releaseRun(id);
  try {
    await library.quarantine(id, reason);
  } catch {
    /* could not move it: it stays where it is, still refused on every load */
  }
  lib.setState((s) => ({ quarantined: s.quarantined + 1, runs: s.runs.filter((m) => m.id !== id) }));
  messageShown({ key: 'could-not-resume', tone: 'warn', vars: { reason }, actions: ['export-quarantine'] });
}

/** The list, the quarantine count and the storage estimate, fresh from IndexedDB. */
export async function libraryListed(): Promise<RunMeta[]> {
  const started = Date.now();
  try {
    const { runs: stored, refused } = await library.list();
    const quarantined = (await library.quarantined()).length;
    // A save of this tab may have landed while the list was read: the newer record wins.
    const mine = new Map(lib.getState().runs.map((m) => [m.id, m]));
    const runs = stored.map((m) => ((mine.get(m.id)?.savedAt ?? 0) > m.savedAt ? mine.get(m.id)! : m));
    for (const m of mine.values()) if (m.savedAt >= started && !runs.some((x) => x.id === m.id)) runs.unshift(m);
    lib.setState({ available: true, runs, quarantined });
    for (const reason of refused) messageShown({ key: 'could-not-resume', tone: 'warn', vars: { reason }, actions: ['export-quarantine'] });
    const est = await globalThis.navigator?.storage?.estimate?.().catch(() => null);
    if (est?.quota) lib.setState({ storage: { usage: est.usage ?? 0, quota: est.quota } });
    return runs;
  } catch (e) {
    lib.setState({ available: false });
    messageShown({ key: 'storage-unavailable', tone: 'warn', vars: { reason: (e as Error).message } });
    return [];
  }
}

export interface Resumed extends LoadedRun {
  snapshot: RunSnapshot;
}

/** Loads a kept run with its weights for the page, or says why it cannot (and keeps a damaged record aside). */
export async function runLoadedForResume(id: string): Promise<Resumed | null> {
  try {
    const run = await library.load(id);
    const snapshot = await library.loadWeights(run.meta);
    return snapshot ? { ...run, snapshot } : null;
  } catch (e) {
    if (e instanceof RunRecordError) await runRefused(id, e.message);
    else messageShown({ key: 'open-failed', tone: 'warn', vars: { reason: (e as Error).message } });
    return null;
  }
}

/**
 * Startup: the kept run this tab continues for `link`, or null (a fresh run). This tab's own run
 * first; a run another tab holds is continued as a copy (a fork at its last saved iteration), and
 * both tabs are told.
 */
export async function runResumedFor(link: LinkSettings): Promise<Resumed | null> {
  if (startFreshAsked()) return null;
  const runs = (await libraryListed()).filter((m) => m.hasWeights && matchesLink(m, link));
  let mine: string | null = null;
  try {
    mine = globalThis.sessionStorage?.getItem(SESSION_KEY) ?? null;
  } catch {
    mine = null;
  }
  const candidate = runs.find((m) => m.id === mine) ?? runs[0];
  if (!candidate) return null;
  let id = candidate.id;
  if (!(await claimRun(id))) {
    try {
      const copy = await library.copy(id, (m) => ({ ...m, id: newRunId(), name: copyName(m.name), forkOf: { id: m.id, name: m.name, at: m.iteration }, createdAt: Date.now(), savedAt: Date.now() }));
      id = copy.id;
      upsertListed(copy);
      messageShown({ key: 'other-tab', tone: 'warn', vars: { name: candidate.name, copy: copy.name, n: copy.iteration } });
      tellOtherTabs({ type: 'run-copied', from: candidate.id, to: copy.id, at: copy.iteration });
    } catch (e) {
      saveRefused(e);
      return null;
    }
  }
  const resumed = await runLoadedForResume(id);
  if (resumed) runAdopted(resumed.meta, resumed.samples);
  return resumed;
}
