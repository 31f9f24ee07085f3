import { del, get, set } from 'idb-keyval';
import type { PresetName } from '../engine/model/config';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { RunSnapshot, StageCurves } from '../worker/protocol';

/**
 * The run kept across reloads (IndexedDB via idb-keyval): the models' state, the statistics
 * history, iteration and β. One run is kept: the one last seen in this browser.
 */
export interface SavedRun {
  version: 1;
  /** runKey of the config in use and of a change waiting for the next iteration (the link shows that one). */
  keys: string[];
  scenario: string;
  preset: PresetName;
  config: PpoConfig;
  history: Record<string, number>[];
  curves: StageCurves;
  snapshot: RunSnapshot;
  savedAt: number;
}

const KEY = 'rlhf-playground:run';

/** Which saved run a link continues: the same scenario, model size and settings (seed included). */
export const runKey = (scenario: string, preset: PresetName, config: PpoConfig): string => JSON.stringify({ scenario, preset, config });

export async function saveRun(run: SavedRun): Promise<void> {
  await set(KEY, run);
}

/** The saved run for `key`, or null (none, another run, or an unreadable record). */
export async function loadRun(key: string): Promise<SavedRun | null> {
  try {
    const r = (await get(KEY)) as SavedRun | undefined;
    if (!r || r.version !== 1 || !Array.isArray(r.keys) || !r.keys.includes(key) || !r.snapshot?.actor?.params || !Array.isArray(r.history)) return null;
    return r;
  } catch {
    return null; // IndexedDB can be off (private windows): start a fresh run
  }
}

export async function forgetRun(): Promise<void> {
  try {
    await del(KEY);
  } catch {
    /* nothing kept, nothing to forget */
  }
}
