import { ConfigError, makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import { engine } from './client';
import { currentEngine, runOpened, urlSynced } from './engine-actions';
import { currentChange, type LoadedRun } from './library/record';
import { forkName, copyName } from './library/naming';
import { parseRunFile, rawRecordText, runFileText } from './library/run-file';
import { RunRecordError } from './library/schema';
import { messageShown, useLibraryStore } from './library-store';
import {
  boundarySaved, currentMeta, libraryListed, newRunId, runAdopted, runLeaving, runLibrary, runLoadedForResume, runRefused,
  saveRefused, sameConfig, savesSettled, setCurrent, upsertListed,
} from './persistence';
import { claimRun, onOtherTab, runsHeldElsewhere, tellOtherTabs } from './persistence-tabs';
import { libraryRunReplayed } from './replay-actions';
import { useRunStore } from './run-store';
import { scenarioProblem } from './url';

/**
 * What the run library offers (docs/runs.md): open, rename, delete, duplicate, drop weights,
 * export / import, fork the current run, compare runs. Module-level actions named as events.
 */
const lib = useLibraryStore;
const runStore = useRunStore;
const library = runLibrary;

const idle = () => {
  const r = runStore.getState();
  return r.status === 'ready' && r.busy === null && !r.running && lib.getState().replay === null;
};

/** Re-reads the library (another tab changed it, or the panel opened). */
export async function libraryRefreshed(): Promise<void> {
  await libraryListed();
  lib.setState({ elsewhere: [...(await runsHeldElsewhere())] });
  await comparedReloaded();
}

onOtherTab((m) => {
  if (m.type === 'library-changed') void libraryRefreshed();
  if (m.type === 'run-copied' && m.from === lib.getState().current?.id) messageShown({ key: 'copied-by-other-tab', tone: 'info', vars: { n: m.at } });
});

/** Opens a kept run in the page (the current one stays in the library): from its weights, or by replaying it. */
export async function runOpenedFromLibrary(id: string): Promise<void> {
  if (!idle() || lib.getState().current?.id === id) return;
  if ((await runsHeldElsewhere()).has(id)) {
    messageShown({ key: 'open-elsewhere', tone: 'warn' });
    return;
  }
  if (!(await runLeaving())) return;
  let run: LoadedRun;
  try {
    run = await library().load(id);
  } catch (e) {
    if (e instanceof RunRecordError) await runRefused(id, e.message);
    else messageShown({ key: 'open-failed', tone: 'warn', vars: { reason: (e as Error).message } });
    return;
  }
  if (!run.meta.hasWeights) {
    await libraryRunReplayed(run);
    return;
  }
  const resumed = await runLoadedForResume(id);
  if (!resumed || !(await claimRun(id))) return;
  const m = resumed.meta;
  runStore.setState({
    scenario: m.scenario, preset: m.preset, config: currentChange(m).config, pendingConfig: m.pending,
    history: resumed.history, curves: m.curves, savedAt: m.savedAt,
  });
  runAdopted(m, resumed.samples);
  urlSynced();
  await runOpened(currentEngine(), resumed.snapshot);
}

export async function runRenamed(id: string, name: string): Promise<void> {
  const clean = name.trim().slice(0, 120);
  if (!clean) return;
  const cur = lib.getState().current;
  if (cur?.id === id) lib.setState({ current: { ...cur, name: clean } });
  try {
    await library().rename(id, clean);
  } catch (e) {
    saveRefused(e);
  }
  lib.setState((s) => ({ runs: s.runs.map((m) => (m.id === id ? { ...m, name: clean } : m)) }));
  tellOtherTabs({ type: 'library-changed' });
}

/** Deletes a kept run (never the one open in the page). */
export async function runDeleted(id: string): Promise<void> {
  if (lib.getState().current?.id === id) return;
  await library().remove(id);
  lib.setState((s) => ({ runs: s.runs.filter((m) => m.id !== id), compared: s.compared.filter((x) => x !== id) }));
  tellOtherTabs({ type: 'library-changed' });
}

export async function runDuplicated(id: string): Promise<void> {
  try {
    await savesSettled();
    const copy = await library().copy(id, (m) => ({ ...m, id: newRunId(), name: copyName(m.name), forkOf: { id: m.id, name: m.name, at: m.iteration }, createdAt: Date.now(), savedAt: Date.now() }));
    upsertListed(copy);
    tellOtherTabs({ type: 'library-changed' });
  } catch (e) {
    saveRefused(e);
  }
}

/** Frees a kept run's weights; it then reopens by replaying it (only offered for replayable runs). */
export async function runWeightsDropped(id: string): Promise<void> {
  if (lib.getState().current?.id === id) return;
  await library().dropWeights(id);
  lib.setState((s) => ({ runs: s.runs.map((m) => (m.id === id ? { ...m, hasWeights: false, bytes: { ...m.bytes, weights: 0 } } : m)) }));
}

/**
 * Forks the current run at this iteration boundary (issue #12, item 4): the run so far stays in
 * the library as it is; the page continues a new run that shares its history and uses `settings`
 * (merged into the current ones) from the next iteration on. The charts then compare the two,
 * with a marker where they split. Resolves to the fork's id; throws an Error saying why it cannot
 * (engine busy, mid-iteration, an invalid setting). For lessons: `await runForked({ klCoef: 0 })`.
 */
export async function runForked(settings: Partial<Record<keyof PpoConfig, unknown>> = {}): Promise<string> {
  const r = runStore.getState();
  const parent = lib.getState().current;
  if (!parent || !idle()) throw new Error('the engine is busy: fork when it is idle');
  if (r.phase !== 'none' && r.phase !== 'learned') throw new Error('a fork starts at an iteration boundary: finish this iteration first');
  let config: PpoConfig;
  try {
    config = makePpoConfig({ ...(r.pendingConfig ?? r.config), ...settings });
  } catch (e) {
    throw e instanceof ConfigError ? e : new Error(String(e));
  }
  const bad = scenarioProblem(r.scenario, config);
  if (bad) throw new ConfigError(bad.field, bad.message.replace(`${bad.field} `, ''));
  // The run so far, as it is (without the change waiting for the next iteration), with its weights.
  runStore.setState({ pendingConfig: null });
  await boundarySaved({ evenEmpty: true });
  if (lib.getState().saveFailed) {
    runStore.setState({ pendingConfig: r.pendingConfig });
    throw new Error('the run could not be kept (the browser refused to store it): fork after freeing space');
  }
  const snapshot = await engine().call('snapshot', {});
  const child = {
    id: newRunId(), name: forkName(parent.name, r.config, config), changes: parent.changes.filter((c) => c.at <= r.iteration),
    forkOf: { id: parent.id, name: parent.name, at: r.iteration }, notReplayable: parent.notReplayable, createdAt: Date.now(),
    savedRows: 0, samples: parent.samples, hasWeights: false, statKeys: parent.statKeys,
  };
  setCurrent(child);
  runStore.setState({ pendingConfig: sameConfig(config, r.config) ? null : config });
  urlSynced();
  try {
    const written = await library().save({ meta: { ...currentMeta(child), hasWeights: true }, history: r.history, fromRow: 0, weights: snapshot, samples: parent.samples && { ...parent.samples, runId: child.id } });
    lib.setState((s) => ({ current: s.current?.id === child.id ? { ...s.current, savedRows: written.iteration, hasWeights: true } : s.current }));
    upsertListed(written);
  } catch (e) {
    saveRefused(e);
  }
  tellOtherTabs({ type: 'library-changed' });
  await runsCompared([parent.id, child.id]);
  messageShown({ key: 'forked', tone: 'info', vars: { name: child.name, parent: parent.name, n: r.iteration } });
  return child.id;
}

/** Loads the compared runs' statistics and sample answers (the current run's come from the page). */
async function comparedReloaded(): Promise<void> {
  const { compared, current } = lib.getState();
  const loaded: Record<string, LoadedRun> = {};
  for (const id of compared) {
    if (id === current?.id) continue;
    try {
      loaded[id] = await library().load(id);
    } catch (e) {
      if (e instanceof RunRecordError) await runRefused(id, e.message);
    }
  }
  lib.setState((s) => ({ comparedRuns: loaded, compared: s.compared.filter((id) => id === current?.id || loaded[id]) }));
}

/**
 * The runs the charts overlay (issue #12, item 3): ids of kept runs, the current run's id among
 * them or not. An empty list (or a single run) shows the current run alone.
 */
export async function runsCompared(ids: readonly string[]): Promise<void> {
  lib.setState({ compared: [...new Set(ids)] });
  await savesSettled();
  await comparedReloaded();
}

const fileName = (name: string) => `rlhf-run-${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'run'}.json`;

/** A run as a file (JSON): the current run from the page (up to date even when storage is full), others from the library. */
export async function runExported(id: string): Promise<{ text: string; filename: string } | null> {
  const cur = lib.getState().current;
  try {
    if (cur?.id === id) {
      const r = runStore.getState();
      const weights = r.status === 'ready' ? await engine().call('snapshot', {}) : null;
      const meta = { ...currentMeta(cur), hasWeights: weights !== null };
      return { text: runFileText({ meta, history: r.history, samples: cur.samples }, weights), filename: fileName(cur.name) };
    }
    const run = await library().load(id);
    const weights = run.meta.hasWeights ? await library().loadWeights(run.meta) : null;
    return { text: runFileText(run, weights), filename: fileName(run.meta.name) };
  } catch (e) {
    messageShown({ key: 'export-failed', tone: 'warn', vars: { reason: (e as Error).message } });
    return null;
  }
}

/** Damaged records kept aside, as one JSON file (for a bug report, or to rescue numbers by hand). */
export async function quarantineExported(): Promise<{ text: string; filename: string } | null> {
  const entries = await library().quarantined().catch(() => []);
  if (!entries.length) return null;
  return { text: rawRecordText({ format: 'rlhf-playground-damaged-runs', entries }), filename: 'rlhf-damaged-runs.json' };
}

/** Imports a run file into the library (a new entry: nothing is overwritten). A refused file gives the reason. */
export async function runFileImported(file: string, text: string): Promise<string | null> {
  let parsed: ReturnType<typeof parseRunFile>;
  try {
    parsed = parseRunFile(text);
  } catch (e) {
    messageShown({ key: 'import-refused', tone: 'warn', vars: { file, reason: (e as Error).message } });
    return null;
  }
  const taken = new Set(lib.getState().runs.map((m) => m.id));
  if (lib.getState().current) taken.add(lib.getState().current!.id);
  const clash = taken.has(parsed.meta.id);
  const meta = clash ? { ...parsed.meta, id: newRunId(), name: `${parsed.meta.name} (imported)`.slice(0, 120) } : parsed.meta;
  try {
    const written = await library().save({ meta, history: parsed.history, fromRow: 0, weights: parsed.weights, samples: parsed.samples && { ...parsed.samples, runId: meta.id } });
    upsertListed(written);
    tellOtherTabs({ type: 'library-changed' });
    messageShown({ key: 'imported', tone: 'info', vars: { file, name: written.name, n: written.iteration }, runId: written.id, actions: ['open-run'] });
    return written.id;
  } catch (e) {
    saveRefused(e);
    return null;
  }
}

export async function quarantineForgotten(): Promise<void> {
  await library().clearQuarantine();
  lib.setState({ quarantined: 0 });
}
