import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenReply } from '../worker/protocol';
import { useRunStore, type RunState } from './run-store';

// The run loop against a scripted engine: each reply carries the iteration it belongs to, so the
// test sees which iteration's views the panels were given at every store update.
let sampled = 0;
const fake = {
  call: vi.fn(async (name: string) => {
    await new Promise((r) => setTimeout(r, 1));
    if (name === 'sample') return { B: 2, tag: ++sampled };
    if (name === 'feedback') return { tag: sampled };
    if (name === 'learn') return { view: { tag: sampled, stats: { iteration: sampled } }, iteration: sampled, klCoef: 0.1 };
    throw new Error(`unexpected request ${name}`);
  }),
};
let lostHandler: ((message: string) => Promise<void>) | null = null;
const deviceLost = vi.fn(async (_message: string) => true);
vi.mock('./client', () => ({ engine: () => fake, onDeviceLost: (h: typeof lostHandler) => { lostHandler = h; } }));
vi.mock('./persistence', () => ({ boundarySaved: async () => {}, settingsApplied: () => {} }));
vi.mock('./engine-actions', () => ({ urlSynced: () => {}, deviceLost }));

const { TABLES_EVERY_MS, phaseStepped, runToggled, speedChosen, topkRequested } = await import('./run-actions');

type Tagged = { tag: number } | null;
const tag = (v: unknown) => (v as Tagged)?.tag ?? null;

/** Every store update that changed what the phase panels show, with the phase then. */
function panelUpdates(): { phase: string; rollout: number | null; feedback: number | null; learning: number | null }[] {
  const seen: ReturnType<typeof panelUpdates> = [];
  useRunStore.subscribe((s: RunState, prev: RunState) => {
    if (s.rollout !== prev.rollout || s.feedback !== prev.feedback || s.learning !== prev.learning) {
      seen.push({ phase: s.phase, rollout: tag(s.rollout), feedback: tag(s.feedback), learning: tag(s.learning) });
    }
  });
  return seen;
}

/** Runs until `iterations` are done: the pause comes at that boundary, before the next phase starts. */
async function runFor(iterations: number, timeout = 1000): Promise<void> {
  const stop = useRunStore.subscribe((s) => {
    if (s.running && s.iteration >= iterations) runToggled();
  });
  runToggled();
  await vi.waitFor(() => expect(useRunStore.getState().iteration).toBe(iterations), { timeout });
  await vi.waitFor(() => expect(useRunStore.getState().busy).toBeNull(), { timeout });
  stop();
}

const initial = useRunStore.getState();
beforeEach(() => {
  sampled = 0;
  fake.call.mockClear();
  useRunStore.setState({ ...initial, status: 'ready', session: {} as OpenReply }, true);
});
afterEach(() => useRunStore.setState(initial, true));

describe('the run loop on "fast" draws whole iterations (issue #13: main-thread time and click latency)', () => {
  it('panel updates show whole iterations, and the last one when the run stops', async () => {
    speedChosen('fast');
    const updates = panelUpdates();
    await runFor(3);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (const u of updates) expect(u).toEqual({ phase: 'learned', rollout: u.rollout, feedback: u.rollout, learning: u.rollout });
    expect(updates.at(-1)!.rollout).toBe(3);
  });

  it(`at most one panel update per ${TABLES_EVERY_MS} ms while running; the iteration counter and history move every iteration`, async () => {
    speedChosen('fast');
    fake.call.mockImplementation(async (name: string) => {
      await new Promise((r) => setTimeout(r, 120)); // an iteration takes ~360 ms: three or four per table update
      if (name === 'sample') return { B: 2, tag: ++sampled };
      if (name === 'feedback') return { tag: sampled };
      return { view: { tag: sampled, stats: { iteration: sampled } }, iteration: sampled, klCoef: 0.1 };
    });
    const tables: { rollout: number | null; at: number }[] = [];
    const counter: number[] = [];
    const stop = useRunStore.subscribe((s, prev) => {
      if (s.rollout !== prev.rollout) tables.push({ rollout: tag(s.rollout), at: performance.now() });
      if (s.iteration !== prev.iteration) counter.push(s.history.length);
    });
    await runFor(8, 10_000);
    stop();
    fake.call.mockReset();
    expect(counter).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // While running: updates at least TABLES_EVERY_MS apart (3 ms of timer slack); the last one came with the pause.
    const whileRunning = tables.slice(0, -1);
    for (let k = 1; k < whileRunning.length; k++) expect(whileRunning[k].at - whileRunning[k - 1].at).toBeGreaterThanOrEqual(TABLES_EVERY_MS - 3);
    expect(tables.length).toBeLessThanOrEqual(5); // 8 × ~360 ms ≈ 2.9 s: at most 3 while running, the pause's
    expect(tables.length).toBeGreaterThanOrEqual(2);
    expect(tables.at(-1)!.rollout).toBe(8);
  });

  it('a pause between phases shows what the iteration has so far', async () => {
    speedChosen('fast');
    const updates = panelUpdates();
    runToggled();
    await vi.waitFor(() => expect(useRunStore.getState().phase).toBe('sampled'));
    runToggled();
    await vi.waitFor(() => expect(useRunStore.getState().busy).toBeNull());
    const s = useRunStore.getState();
    expect(s.running).toBe(false);
    const last = updates.at(-1)!;
    // The held views were published: the shown rollout is the one of the phase the run stopped after.
    expect(last.phase).toBe(s.phase);
    expect(last.rollout).toBe(s.iteration + 1);
    expect(last.learning).toBe(s.phase === 'learned' ? s.iteration : null);
  });

  it('no next-token bars asked for while the panels show the previous iteration (the engine holds the next rollout)', async () => {
    speedChosen('fast');
    let asked = 0;
    const stop = useRunStore.subscribe((s, prev) => {
      if (s.phase === 'sampled' && prev.phase !== 'sampled' && s.running) {
        asked++;
        void topkRequested(0, 0);
      }
    });
    await runFor(2);
    stop();
    expect(asked).toBe(2);
    expect(fake.call.mock.calls.filter(([name]) => name === 'topk')).toEqual([]);
  });

  it('stepping (or running on a slower speed) shows each phase when it is done', async () => {
    speedChosen('fast');
    const updates = panelUpdates();
    for (let k = 0; k < 3; k++) await phaseStepped();
    expect(updates).toEqual([
      { phase: 'sampled', rollout: 1, feedback: null, learning: null },
      { phase: 'fed', rollout: 1, feedback: 1, learning: null },
      { phase: 'learned', rollout: 1, feedback: 1, learning: 1 },
    ]);
  });
});

describe('the run loop: run, pause and device loss', () => {
  it('paused and run again within a pause between phases: one loop goes on (the old one ends)', async () => {
    speedChosen('normal'); // pauses: 900 ms after sampling, 700 after feedback, 900 after learning
    const pauseAfter: Record<string, number> = { sample: 900, feedback: 700, learn: 900 };
    const log: { name: string; at: number }[] = [];
    fake.call.mockImplementation(async (name: string) => {
      log.push({ name, at: performance.now() });
      await new Promise((r) => setTimeout(r, 1));
      if (name === 'sample') return { B: 2, tag: ++sampled };
      if (name === 'feedback') return { tag: sampled };
      return { view: { tag: sampled, stats: { iteration: sampled } }, iteration: sampled, klCoef: 0.1 };
    });
    runToggled();
    await vi.waitFor(() => expect(useRunStore.getState().phase).toBe('sampled'));
    runToggled(); // pause, during the pause after sampling…
    expect(useRunStore.getState().running).toBe(false);
    runToggled(); // …and run again before it ends
    expect(useRunStore.getState().running).toBe(true);
    // The old loop wakes from its pause at 900 ms: it must not run phases of its own (they would come
    // right after the new loop's, skipping the pauses) nor clear the running flag.
    await new Promise((r) => setTimeout(r, 2000));
    expect(useRunStore.getState().running).toBe(true);
    runToggled();
    await vi.waitFor(() => expect(useRunStore.getState().busy).toBeNull());
    fake.call.mockReset();
    expect(log.map((c) => c.name).slice(0, 4)).toEqual(['sample', 'feedback', 'learn', 'sample']);
    for (let k = 2; k < log.length; k++) {
      expect(log[k].at - log[k - 1].at, `${log[k - 1].name} → ${log[k].name}`).toBeGreaterThanOrEqual(pauseAfter[log[k - 1].name] - 50);
    }
  });

  it('a lost GPU device while running: once the run is on the CPU engine it goes on by itself', async () => {
    speedChosen('fast');
    expect(lostHandler).not.toBeNull();
    deviceLost.mockImplementationOnce(async () => true); // was running, now on the CPU engine
    await lostHandler!('GPU device lost (test)');
    expect(deviceLost).toHaveBeenCalledWith('GPU device lost (test)');
    expect(useRunStore.getState().running).toBe(true);
    await vi.waitFor(() => expect(useRunStore.getState().iteration).toBeGreaterThanOrEqual(1));
    runToggled();
    await vi.waitFor(() => expect(useRunStore.getState().busy).toBeNull());
  });

  it('a lost GPU device while paused (or when the switch failed): the run waits', async () => {
    deviceLost.mockImplementationOnce(async () => false);
    await lostHandler!('GPU device lost (test)');
    expect(useRunStore.getState().running).toBe(false);
  });
});
