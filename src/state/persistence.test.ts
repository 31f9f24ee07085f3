import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import type { OpenReply, ProbeAnswers, RunSnapshot } from '../worker/protocol';
import { statRows, testSnapshot } from './library/testing';
import type { LinkSettings } from './url';

/**
 * The current run and the library, without a browser: saves at every iteration boundary, storage
 * full (simulated: the browser refuses the write) with nothing lost, resuming by link, and two
 * tabs (two copies of the state modules sharing one IndexedDB and one Web Locks manager).
 */

/** What the worker would answer: the engine's state and probe answers at the store's iteration. */
const fakeEngine = (store: () => { iteration: number; klCoef: number }) => ({
  call: async (name: string): Promise<RunSnapshot | ProbeAnswers> => {
    const { iteration, klCoef } = store();
    if (name === 'snapshot') return { ...testSnapshot(iteration), klCoef };
    if (name === 'probeAnswers') return { after: iteration, K: 2, S: 6, P: 3, tokens: new Int32Array(12).fill(iteration % 5), scores: Float32Array.of(0.5, -0.5), gold: Float32Array.of(1, 0) };
    throw new Error(`unexpected request ${name}`);
  },
});

/** One browser tab: fresh copies of the state modules (stores, saver, locks). */
async function openTab() {
  vi.resetModules();
  const runStoreModule = await import('./run-store');
  vi.doMock('./client', () => ({ engine: () => fakeEngine(() => runStoreModule.useRunStore.getState()) }));
  const persistence = await import('./persistence');
  const { useLibraryStore } = await import('./library-store');
  return { ...persistence, useRunStore: runStoreModule.useRunStore, useLibraryStore };
}

type Tab = Awaited<ReturnType<typeof openTab>>;
const config: PpoConfig = makePpoConfig({ seed: 7, batchSize: 16 });
const link: LinkSettings = { scenario: 'reviews', preset: 'micro', engine: 'cpu', config, view: 'playground', lang: null, projector: false, colourSafe: false, debug: false };
const session = { engine: 'cpu', rewardSource: { kind: 'reward-model', name: '', warnings: [] } } as unknown as OpenReply;

/** The page completes iteration n (what run-actions does after a learning phase), then saves. */
async function iterationDone(tab: Tab, n: number): Promise<void> {
  tab.useRunStore.setState({ iteration: n, history: statRows(n), phase: 'learned' });
  await tab.boundarySaved();
}

async function freshRun(tab: Tab): Promise<void> {
  tab.useRunStore.setState({ scenario: 'reviews', preset: 'micro', config, pendingConfig: null, iteration: 0, history: [], klCoef: 0.05, session, status: 'ready' });
  tab.runBegan();
  await vi.waitFor(() => expect(tab.useLibraryStore.getState().current?.samples?.entries.length).toBe(1)); // the baseline answers (after 0)
}

/** A fake Web Locks manager shared by every tab of the test (ifAvailable semantics, held until the callback settles). */
function installLocks() {
  const held = new Set<string>();
  vi.stubGlobal('navigator', {
    locks: {
      request: async (name: string, _opts: unknown, cb: (lock: { name: string } | null) => Promise<unknown> | unknown) => {
        if (held.has(name)) return cb(null);
        held.add(name);
        try {
          return await cb({ name });
        } finally {
          held.delete(name);
        }
      },
      query: async () => ({ held: [...held].map((name) => ({ name })) }),
    },
  });
}

describe('the current run in the library', () => {
  const realPut = IDBObjectStore.prototype.put;
  beforeEach(() => {
    vi.stubGlobal('indexedDB', new IDBFactory()); // one empty browser profile per test, shared by its tabs
    installLocks();
  });
  afterEach(() => {
    IDBObjectStore.prototype.put = realPut;
    vi.unstubAllGlobals();
  });

  it('is saved at every iteration boundary: statistics, weights and sample answers, no throttle', async () => {
    const tab = await openTab();
    await freshRun(tab);
    for (let n = 1; n <= 3; n++) {
      await iterationDone(tab, n);
      const run = await tab.runLibrary().load(tab.useLibraryStore.getState().current!.id);
      expect(run.meta.iteration).toBe(n);
      expect(run.history).toEqual(statRows(n));
      expect((await tab.runLibrary().loadWeights(run.meta))?.iteration).toBe(n);
      expect(run.samples?.entries.map((e) => e.after)).toEqual([0, 1, 2, 3].slice(0, n + 1));
    }
    expect(tab.useRunStore.getState().savedAt).not.toBeNull();
  });

  it('storage full: the page says so, keeps the run, and the library keeps everything saved before', async () => {
    const tab = await openTab();
    await freshRun(tab);
    await iterationDone(tab, 1);
    await iterationDone(tab, 2);
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'chunks') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.call(this, value, key);
    } as typeof realPut;
    await iterationDone(tab, 3);
    const lib = tab.useLibraryStore.getState();
    expect(lib.saveFailed).toBe(true);
    expect(lib.messages.map((m) => m.key)).toContain('storage-full');
    expect(tab.useRunStore.getState().history).toHaveLength(3); // the page still has every iteration
    const id = lib.current!.id;
    const kept = await tab.runLibrary().load(id);
    expect(kept.meta.iteration).toBe(2);
    expect(kept.history).toEqual(statRows(2));
    expect((await tab.runLibrary().loadWeights(kept.meta))?.iteration).toBe(2);
    // Leaving the run now would lose iteration 3: refused, with the reason and an export.
    expect(await tab.runLeaving()).toBe(false);
    expect(tab.useLibraryStore.getState().messages.find((m) => m.key === 'not-kept')?.actions).toEqual(['export-current']);
    // Space again: the next boundary writes everything the failed save missed.
    IDBObjectStore.prototype.put = realPut;
    await iterationDone(tab, 4);
    expect((await tab.runLibrary().load(id)).history).toEqual(statRows(4));
    expect(tab.useLibraryStore.getState().saveFailed).toBe(false);
    expect(await tab.runLeaving()).toBe(true);
  });

  it('a reload resumes the run its link names, at its last boundary', async () => {
    const first = await openTab();
    await freshRun(first);
    await iterationDone(first, 2);
    const id = first.useLibraryStore.getState().current!.id;
    first.setCurrent(null); // the tab closes: its lock goes
    const again = await openTab();
    const resumed = await again.runResumedFor(link);
    expect(resumed?.meta.id).toBe(id);
    expect(resumed?.history).toEqual(statRows(2));
    expect(resumed?.snapshot.iteration).toBe(2);
    expect(again.useLibraryStore.getState().current?.savedRows).toBe(2);
    // Another link (another seed) starts afresh.
    expect(await (await openTab()).runResumedFor({ ...link, config: { ...config, seed: 8 } })).toBeNull();
  });

  it('two tabs: the second continues a copy of a run the first holds, and each keeps its own iterations', async () => {
    const a = await openTab();
    await freshRun(a);
    await iterationDone(a, 2);
    const idA = a.useLibraryStore.getState().current!.id;
    const b = await openTab();
    const resumed = await b.runResumedFor(link);
    expect(resumed?.meta.id).not.toBe(idA);
    expect(resumed?.meta.forkOf).toMatchObject({ id: idA, at: 2 });
    expect(b.useLibraryStore.getState().messages.map((m) => m.key)).toContain('other-tab');
    // B writes its own record; A's stays A's.
    b.useRunStore.setState({ scenario: 'reviews', preset: 'micro', config, iteration: 2, history: statRows(2), klCoef: 0.05, session, status: 'ready' });
    await iterationDone(b, 3);
    await iterationDone(b, 4);
    await iterationDone(a, 3);
    expect((await a.runLibrary().load(idA)).meta.iteration).toBe(3);
    expect((await a.runLibrary().load(resumed!.meta.id)).meta.iteration).toBe(4);
  });
});
