import type { PresetName } from '../engine/model/config';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { CpuKernels } from '../engine/backends/cpu-backend';
import type { EngineKind, GpuProbe, RunSnapshot } from '../worker/protocol';
import { engine, restartEngine } from './client';
import { currentWeights, runBegan, runContinuedOn, runLeaving, runRefused, runResumedFor, sameConfig } from './persistence';
import { currentRunId, useLibraryStore } from './library-store';
import { emptyCurves, useRunStore, type Banner } from './run-store';
import { defaultsFor, linkFor, scenarioDefaults, scenarioProblem, type EngineChoice, type LinkSettings } from './url';
import { useLessonStore } from './lesson-store';
import { timingReset } from './timing';
import { useViewStore } from './view-store';
import { asEngineError } from './worker-client';
import { withEmbedParams } from './embed';

const set = useRunStore.setState;
const get = useRunStore.getState;

/** Quick SFT / reward-model training used only while no checkpoint is shipped for the preset. */
const FALLBACK_STEPS: Record<PresetName, { sft: number; rm: number }> = {
  micro: { sft: 200, rm: 100 },
  tiny: { sft: 150, rm: 80 },
  small: { sft: 150, rm: 80 },
};

/** Which engine runs, and the banner that says why when it is not the GPU. */
export function chooseEngine(choice: EngineChoice, probe: GpuProbe): { engine: EngineKind; banner: Banner | null; notice?: string } {
  if (!probe.available) {
    return {
      engine: 'cpu',
      banner: { kind: 'no-webgpu', text: probe.reason },
      notice: choice === 'gpu' ? 'engine=gpu was asked for, but WebGPU is unavailable here; using the CPU engine' : undefined,
    };
  }
  if (choice === 'cpu') return { engine: 'cpu', banner: null };
  // Chosen on a software adapter: it runs, but slowly — the banner says so (with the first iteration's measured time).
  if (choice === 'gpu') return { engine: 'gpu', banner: probe.isFallbackAdapter ? { kind: 'slow-gpu', text: probe.summary } : null };
  if (probe.isFallbackAdapter) return { engine: 'cpu', banner: { kind: 'fallback', text: probe.summary } };
  return { engine: 'gpu', banner: null };
}

/** Writes the current settings into the address bar (history.replaceState: no reload, no history spam). */
export function urlSynced(): void {
  if (typeof window === 'undefined') return;
  const r = get(), v = useViewStore.getState();
  const s: LinkSettings = {
    scenario: r.scenario, preset: r.preset, engine: r.engineChoice, config: r.pendingConfig ?? r.config,
    view: v.view, lang: v.lang === 'en' && !new URLSearchParams(window.location.search).has('lang') ? null : v.lang,
    projector: v.projector, colourSafe: v.colourSafe, debug: v.debug, lesson: useLessonStore.getState().id,
  };
  const q = withEmbedParams(linkFor(s)); // embed=1 and hide=… stay (state/embed.ts)
  if (q !== window.location.search) window.history.replaceState(null, '', q);
}

/** Startup: probe WebGPU in the worker, pick the engine, resume the saved run for this link or open a fresh one. */
export async function appStarted(link: LinkSettings, problems: string[]): Promise<void> {
  const kind = await engineStarted(link, problems);
  if (kind) await linkRunOpened(link, kind);
}

/** The worker started and WebGPU probed: the engine the link's choice gives here (null: the worker failed). */
export async function engineStarted(link: LinkSettings, problems: string[]): Promise<EngineKind | null> {
  set({ scenario: link.scenario, preset: link.preset, engineChoice: link.engine, config: link.config, notices: problems, busy: 'open' });
  let probe: GpuProbe;
  try {
    restartEngine();
    probe = await engine().call('probe', {});
  } catch (e) {
    // The worker itself could not start (e.g. module workers unsupported): say so instead of waiting forever.
    set({ status: 'failed', busy: null, error: { kind: 'other', message: (e as Error).message } });
    return null;
  }
  const chosen = chooseEngine(link.engine, probe);
  set({ probe, banner: chosen.banner, notices: chosen.notice ? [...get().notices, chosen.notice] : get().notices });
  return chosen.engine;
}

/** The run for the link's settings: this tab's or a kept one (persistence.ts), else a fresh one. */
export async function linkRunOpened(link: LinkSettings, kind: EngineKind): Promise<void> {
  const resumed = await runResumedFor(link);
  if (resumed) {
    const config = resumed.meta.changes[resumed.meta.changes.length - 1].config;
    set({ history: resumed.history, curves: resumed.meta.curves, savedAt: resumed.meta.savedAt, config, pendingConfig: sameConfig(config, link.config) ? null : link.config });
  }
  await runOpened(kind, resumed?.snapshot);
}

/**
 * The CPU kernels the page asks the worker for (undefined: the engine's default). A replay pins
 * those its run was recorded on; they stay for the run it lands on, until the user picks an engine.
 */
let cpuKernelsWanted: CpuKernels | undefined;
export function cpuKernelsPinned(k: CpuKernels | undefined): void {
  cpuKernelsWanted = k;
}

/**
 * Opens the PPO run on `kind` (loading or training the stage models, or resuming a snapshot). A
 * fresh run gets a new library identity; a restored one keeps the identity it was adopted with.
 */
export async function runOpened(kind: EngineKind, restore?: RunSnapshot): Promise<void> {
  const s = get();
  set({ status: 'preparing', busy: 'open', progress: null, error: null, phase: 'none', rollout: null, feedback: null, learning: null, topk: null, running: false });
  timingReset();
  if (!restore) set({ history: [], curves: emptyCurves(), savedAt: null });
  try {
    const reply = await engine().call('open', {
      scenario: s.scenario, preset: s.preset, engine: kind, ppo: s.config,
      modelsUrl: new URL('models/', document.baseURI).href, restore, fallbackSteps: FALLBACK_STEPS[s.preset], cpuKernels: cpuKernelsWanted,
    });
    set({
      status: 'ready', busy: null, progress: null, session: reply, iteration: reply.iteration, klCoef: reply.klCoef,
      curves: reply.source === 'restored' ? get().curves : reply.curves,
    });
    if (reply.source === 'restored') runContinuedOn(reply);
    else runBegan();
  } catch (e) {
    const err = asEngineError(e);
    if (kind === 'gpu' && (err.kind === 'gpu' || err.kind === 'device-lost')) {
      // The GPU engine could not start: say so, and run the CPU engine rather than nothing.
      set({ banner: { kind: 'gpu-failed', text: err.message } });
      restartEngine();
      await engine().call('probe', {});
      return runOpened('cpu', restore);
    }
    if (restore) {
      // The engine refused the saved state (e.g. weights that do not fit the model): kept aside, a fresh run instead.
      const id = currentRunId();
      if (id) await runRefused(id, err.message);
      useLibraryStore.setState({ current: null });
      set({ history: [], savedAt: null });
      return runOpened(kind);
    }
    set({ status: 'failed', busy: null, error: { kind: err.kind, message: err.message } });
  }
}

/** Simulates a GPU driver reset (classroom demo, tests): the recovery path of a real device loss. */
export async function deviceLossSimulated(): Promise<boolean> {
  return (await engine().call('loseDevice', {})).lost;
}

/** The engine worker's GPU buffer-pool counters (debug hook, soak checks): null without a device. */
export const gpuMemoryRead = () => engine().call('gpuMemory', {});

/** The engine the session runs on now (or will). */
export const currentEngine = (): EngineKind => get().session?.engine ?? 'cpu';

/**
 * Switches engine keeping the run: the state is read from the old engine, or — when it cannot
 * answer (a lost GPU device) — taken from the last save in this browser; the charts keep the
 * iterations up to that point.
 */
export async function engineChosen(choice: EngineChoice): Promise<void> {
  const s = get();
  if ((s.busy && s.error?.kind !== 'device-lost') || s.running) return;
  cpuKernelsPinned(undefined);
  await engineSwitched(choice, false);
}

/** Moves the run to another engine (its state read from the engine, or from the last save when the device is gone). */
export async function engineSwitched(choice: EngineChoice, lost: boolean): Promise<void> {
  const s = get();
  let snapshot: RunSnapshot | undefined;
  if (!lost && s.status === 'ready' && s.error?.kind !== 'device-lost') {
    try {
      snapshot = await engine().call('snapshot', {});
    } catch {
      snapshot = undefined;
    }
  }
  if (!snapshot && s.history.length > 0) {
    snapshot = (await currentWeights()) ?? undefined;
    const kept = snapshot?.iteration ?? 0;
    set({ history: get().history.filter((h) => h.iteration < kept) });
    if (!lost) set({ notices: [...get().notices, snapshot ? `the run continues from iteration ${kept}, the last one saved in this browser` : 'no saved state of this run was found: it starts again'] });
  }
  set({ engineChoice: choice, error: null, busy: null });
  urlSynced();
  restartEngine();
  const probe = await engine().call('probe', {});
  const chosen = chooseEngine(choice, probe);
  set({ probe, banner: chosen.banner });
  await runOpened(chosen.engine, snapshot);
}

/**
 * A lost GPU device (issue #13, item 5): the run moves to the CPU engine at its last iteration
 * boundary (saved at every boundary), and the banner says so. Only the iteration in flight is
 * lost — and it is deterministic, so running it again gives it back. Returns whether the run was
 * running and can go on (the caller, run-actions, then starts it again).
 */
export async function deviceLost(message: string): Promise<boolean> {
  const wasRunning = get().running;
  set({ running: false });
  if (get().session?.engine !== 'gpu') return false; // the CPU engine does not need the device
  set({ banner: { kind: 'device-lost', text: message } });
  await engineSwitched('cpu', true);
  const goesOn = wasRunning && get().status === 'ready' && !get().error;
  set({ banner: { kind: 'device-lost', text: message, continuedAt: get().iteration, resumed: goesOn } });
  return goesOn;
}

/** A fresh run (same models, current settings): iteration 0, empty charts. The old run stays in the library. */
export async function resetRequested(): Promise<void> {
  const s = get();
  if (s.busy || s.status !== 'ready') return;
  if (!(await runLeaving())) return;
  const config = s.pendingConfig ?? s.config;
  set({ busy: 'reset', running: false, config, pendingConfig: null });
  try {
    const reply = await engine().call('reset', { ppo: config });
    set({ session: reply, iteration: 0, klCoef: reply.klCoef, phase: 'none', rollout: null, rolloutConfig: null, feedback: null, learning: null, history: [], topk: null, error: null, busy: null, savedAt: null });
    runBegan({ notReplayable: useLibraryStore.getState().current?.notReplayable.filter((x) => x.reason === 'stages-trained-here').map((x) => ({ ...x, at: 0 })) });
  } catch (e) {
    // The engine kept its run (e.g. a setting the loaded ONNX reward model cannot serve): so do we.
    const err = asEngineError(e);
    set({ busy: null, config: s.config, pendingConfig: s.pendingConfig, error: { kind: err.kind, message: err.message } });
  }
}

/** Scenario, model size or seed: a different run (models reload). The old run stays in the library. */
export async function runSettingsChosen(change: { scenario?: string; preset?: PresetName; seed?: number }): Promise<void> {
  const s = get();
  if (s.busy || s.running) return;
  if (!(await runLeaving())) return;
  let config = { ...(s.pendingConfig ?? s.config), ...(change.seed !== undefined ? { seed: change.seed } : {}) };
  const scenario = change.scenario ?? s.scenario;
  // A new scenario brings its own defaults for every setting still at the old scenario's default.
  if (scenario !== s.scenario) {
    const was = defaultsFor(s.scenario), now = defaultsFor(scenario);
    const next: Record<string, unknown> = { ...config };
    for (const k of Object.keys(now) as (keyof PpoConfig)[]) if (k !== 'seed' && config[k] === was[k]) next[k] = now[k];
    config = next as unknown as PpoConfig;
  }
  if (scenarioProblem(scenario, config)) config = { ...config, ...scenarioDefaults(scenario) };
  set({ scenario, preset: change.preset ?? s.preset, config, pendingConfig: null });
  urlSynced();
  await runOpened(currentEngine());
}

/** Settings from a file: a new run with them (the current one stays in the library). */
export async function settingsOpened(scenario: string, preset: PresetName, config: PpoConfig): Promise<void> {
  const s = get();
  if (s.busy || s.running || !(await runLeaving())) return;
  set({ scenario, preset, config: scenarioProblem(scenario, config) ? { ...config, ...scenarioDefaults(scenario) } : config, pendingConfig: null });
  urlSynced();
  await runOpened(currentEngine());
}
