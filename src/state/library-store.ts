import type { CpuKernels } from '../engine/backends/cpu-backend';
import { create } from 'zustand';
import type { LoadedRun, NotReplayableReason, RunChange, RunMeta, RunSamples } from './library/record';

/**
 * The run library as the page sees it (docs/runs.md): the kept runs, the identity of the run in
 * the page (the current run), which runs the charts compare it with, a replay in progress, and
 * the library's messages (strings keyed for the runs.* translations).
 */

/** The run shown in the page: what its record will say at the next save. */
export interface CurrentRun {
  id: string;
  name: string;
  changes: RunChange[];
  forkOf: RunMeta['forkOf'];
  notReplayable: { reason: NotReplayableReason; at: number }[];
  createdAt: number;
  /** Statistics rows already stored (0: the run has no record yet). */
  savedRows: number;
  samples: RunSamples | null;
  hasWeights: boolean;
  /** The statistics' column names (empty until the first save). */
  statKeys: string[];
}

export type MessageAction = 'export-quarantine' | 'open-run' | 'export-current' | 'dismiss';

export interface RunsMessage {
  id: number;
  /** A key under runs.msg (runs.en.ts / runs.zh.ts). */
  key: string;
  vars?: Record<string, string | number>;
  tone: 'info' | 'warn';
  /** A run the message offers to open. */
  runId?: string;
  actions?: MessageAction[];
}

export interface LibraryState {
  /** Whether the browser lets the page store runs (null until known). */
  available: boolean | null;
  runs: RunMeta[];
  current: CurrentRun | null;
  /** Runs the charts overlay on the current run (ids of kept runs). */
  compared: string[];
  comparedRuns: Record<string, LoadedRun>;
  messages: RunsMessage[];
  /** A replay in progress: iterations done of `total`, on the GPU engine or the CPU engine's kernels named. */
  replay: { done: number; total: number; cancelRequested: boolean; on: 'gpu' | CpuKernels } | null;
  /** Damaged records kept aside. */
  quarantined: number;
  /** The browser's storage estimate for this page (bytes), when it gives one. */
  storage: { usage: number; quota: number } | null;
  /** The last save was refused (storage full): the run's newest iterations are only in this tab. */
  saveFailed: boolean;
  /** Runs other tabs hold now (they cannot be opened here). */
  elsewhere: string[];
}

export const useLibraryStore = create<LibraryState>(() => ({
  available: null,
  runs: [],
  current: null,
  compared: [],
  comparedRuns: {},
  messages: [],
  replay: null,
  quarantined: 0,
  storage: null,
  saveFailed: false,
  elsewhere: [],
}));

let nextMessageId = 1;

/** Shows a message (a message with the same key replaces the older one). */
export function messageShown(m: Omit<RunsMessage, 'id'>): void {
  useLibraryStore.setState((s) => ({ messages: [...s.messages.filter((x) => x.key !== m.key), { ...m, id: nextMessageId++ }] }));
}

export const messageDismissed = (id: number) => useLibraryStore.setState((s) => ({ messages: s.messages.filter((m) => m.id !== id) }));

/** The current run's id (null before the first run opens). */
export const currentRunId = (): string | null => useLibraryStore.getState().current?.id ?? null;
