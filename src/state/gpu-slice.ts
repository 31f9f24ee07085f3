import { create } from 'zustand';
import { acquireGpu, adapterSummary } from '../engine/gpu/device';
import { unavailableReason } from '../engine/gpu/errors';
import type { AdapterReport, GpuRuntime } from '../engine/gpu/runtime';
import { runSelfCheck } from '../engine/selfcheck/run';
import type { CheckResult } from '../engine/selfcheck/types';

export type GpuStatus = 'probing' | 'ready' | 'unavailable' | 'lost';

export interface GpuState {
  status: GpuStatus;
  report: AdapterReport | null;
  summary: string;
  /** Why WebGPU is not used (shown in the banner). */
  reason: string;
  selfCheck: { state: 'idle' | 'running' | 'done'; results: CheckResult[] };
}

export const useGpuStore = create<GpuState>(() => ({
  status: 'probing',
  report: null,
  summary: '',
  reason: '',
  selfCheck: { state: 'idle', results: [] },
}));

// The runtime is not state (not serialisable, never rendered); the store only mirrors its status.
let runtime: GpuRuntime | null = null;
export const gpuRuntime = (): GpuRuntime | null => runtime;

/** Acquires the device once; the status becomes 'ready' or 'unavailable' with the reason. */
export async function gpuProbed(): Promise<void> {
  if (runtime) return;
  try {
    runtime = await acquireGpu(typeof navigator !== 'undefined' ? navigator.gpu : undefined);
    runtime.onLost((e) => useGpuStore.setState({ status: 'lost', reason: e.message }));
    useGpuStore.setState({ status: 'ready', report: runtime.report, summary: adapterSummary(runtime.report) });
  } catch (e) {
    useGpuStore.setState({ status: 'unavailable', reason: unavailableReason(e) });
  }
}

/** Runs every kernel's GPU-vs-CPU check, publishing results as they come. */
export async function selfCheckRequested(): Promise<void> {
  const rt = runtime;
  if (!rt || useGpuStore.getState().selfCheck.state === 'running') return;
  useGpuStore.setState({ selfCheck: { state: 'running', results: [] } });
  await runSelfCheck(rt, undefined, (r) =>
    useGpuStore.setState((s) => ({ selfCheck: { state: 'running', results: [...s.selfCheck.results, r] } })),
  );
  useGpuStore.setState((s) => ({ selfCheck: { state: 'done', results: s.selfCheck.results } }));
}
