import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CpuKernels } from '../engine/backends/cpu-backend';
import type { OpenRequest } from '../worker/protocol';

/**
 * Opening a replay link asks the worker for the CPU kernels the run was recorded on (they round
 * differently: issue #12's "bit for bit" needs the same ones), and says so when the worker runs
 * others. The worker is faked: it records the open request, answers with the kernels it is told
 * it has, and fails the first phase (the replay then stops and keeps what it has).
 */
const opened: OpenRequest[] = [];
let available: CpuKernels | null = null;
vi.mock('./client', () => {
  const call = async (name: string, req: unknown) => {
    if (name === 'probe') return { available: false, summary: '', isFallbackAdapter: false, reason: 'no adapter in this test' };
    if (name === 'open') {
      const r = req as OpenRequest;
      opened.push(r);
      return {
        engine: 'cpu', engineLabel: 'CPU', cpuKernels: { active: available ?? r.cpuKernels ?? 'wasm', threads: 1, note: '' }, source: 'checkpoint', sourceNote: '', parameters: 1,
        vocab: [], iteration: 0, klCoef: r.ppo.klCoef, curves: { sftLosses: [], rmLosses: [], rmAccuracies: [], heldOutAccuracy: null }, facts: {}, hasRewardModel: true,
        rewardSource: { kind: 'reward-model', name: '', warnings: [] },
      };
    }
    if (name === 'probeAnswers' || name === 'snapshot') return new Promise(() => undefined);
    throw new Error(`the fake worker stops at ${name}`);
  };
  return { engine: () => ({ call }), restartEngine: () => ({ call }), onDeviceLost: () => undefined };
});

const code = (engine: string, models?: string | null) =>
  `j${Buffer.from(JSON.stringify(models === undefined ? [2, 'reviews', 'micro', 3, [[0, engine, { seed: 7 }]]] : [3, 'reviews', 'micro', 3, [[0, engine, { seed: 7 }]], models])).toString('base64url')}`;

async function openReplay(engine: string, models?: string | null) {
  vi.resetModules();
  opened.length = 0;
  vi.stubGlobal('document', { baseURI: 'http://class.example/' });
  const { replayOpened } = await import('./replay-actions');
  const { parseLink } = await import('./url');
  const { useLibraryStore } = await import('./library-store');
  const { settings } = parseLink(`?replay=${code(engine, models)}`);
  await replayOpened(settings, []);
  return useLibraryStore.getState().messages.map((m) => m.key);
}

describe('opening a replay link', () => {
  afterEach(() => {
    available = null;
    vi.unstubAllGlobals();
  });

  it('asks the worker for the recorded kernels: TypeScript, float64 or float32 WebAssembly', async () => {
    for (const [c, k] of [['t', 'ts'], ['x', 'wasm-exact'], ['w', 'wasm']] as const) {
      const messages = await openReplay(c);
      expect(opened.map((r) => r.cpuKernels)).toEqual([k]);
      expect(messages).toContain('replay-stopped'); // the fake worker fails the first phase
      expect(messages).not.toContain('replay-other-kernels');
    }
  });

  it('says a link made with other shipped models will not replay the same numbers (version 3 links carry their id)', async () => {
    const { shippedId } = await import('../engine/pipeline/shipped-ids');
    expect(await openReplay('w', shippedId('reviews', 'micro'))).not.toContain('replay-other-models');
    expect(await openReplay('w', '00000000')).toContain('replay-other-models');
    expect(await openReplay('w', null)).toContain('replay-other-models'); // made where micro was trained in the page
    expect(await openReplay('w')).not.toContain('replay-other-models'); // version 2: not recorded, nothing to compare
  });

  it('says the numbers match only within tolerance when the worker runs other kernels', async () => {
    available = 'ts';
    expect(await openReplay('w')).toContain('replay-other-kernels');
  });
});
