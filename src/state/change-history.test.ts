import { describe, expect, it, vi } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { Gpt } from '../engine/model/gpt';
import { createPpoRun, modelConfigFor } from '../engine/pipeline/stages';
import { makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import type { OpenReply } from '../worker/protocol';
import { changeStartingAt, type RunChange } from './library/record';
import { useLibraryStore } from './library-store';
import { runBegan, runContinuedOn, settingsApplied } from './persistence';
import { useRunStore } from './run-store';

vi.mock('./client', () => ({ engine: () => ({ call: () => new Promise(() => undefined) }) }));

/**
 * A run's change history: which iteration each settings or engine change took effect, recorded
 * the way the page applies changes (at the iteration boundary), and replayed by applying each
 * change before the iteration it names — which must give the same statistics, bit for bit.
 */
const reviews = getScenario('reviews');
const model = modelConfigFor(reviews, 'micro');
const sft = new Gpt(new CpuBackend(), model, 'lm');
sft.init(11);
const rm = new Gpt(new CpuBackend(), model, 'reward');
rm.init(12);
const c0 = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, seed: 3 });
const c1 = { ...c0, klCoef: 0.3, temperature: 1.2 };
const c2 = { ...c1, batchSize: 4 };
const session = { engine: 'cpu' } as unknown as OpenReply;

/** The page applies `config` at the boundary before iteration `at` (run-actions: setConfig, then settingsApplied). */
function applied(at: number, config: PpoConfig): void {
  useRunStore.setState({ iteration: at, config, history: Array.from({ length: at }, (_, i) => ({ iteration: i })) });
  settingsApplied();
}

const changes = () => useLibraryStore.getState().current!.changes;

describe('change history', () => {
  it('records each change at the iteration it takes effect; one boundary keeps only its last change; engines too', () => {
    useRunStore.setState({ scenario: 'reviews', preset: 'micro', config: c0, iteration: 0, history: [], session });
    runBegan();
    expect(changes()).toEqual([{ at: 0, config: c0, engine: 'cpu' }]);
    applied(2, c1);
    applied(2, c2);
    expect(changes()).toEqual([{ at: 0, config: c0, engine: 'cpu' }, { at: 2, config: c2, engine: 'cpu' }]);
    useRunStore.setState({ iteration: 3, history: Array.from({ length: 3 }, (_, i) => ({ iteration: i })) });
    runContinuedOn({ engine: 'gpu' });
    expect(changes().at(-1)).toEqual({ at: 3, config: c2, engine: 'gpu' });
    applied(5, c1);
    expect(changes().at(-1)).toEqual({ at: 5, config: c1, engine: 'gpu' });
    // Back to iteration 2 (a lost device continues from the last save): later changes go; the engine change is at 2.
    useRunStore.setState({ iteration: 2, history: Array.from({ length: 2 }, (_, i) => ({ iteration: i })) });
    runContinuedOn({ engine: 'cpu' });
    expect(changes()).toEqual([{ at: 0, config: c0, engine: 'cpu' }, { at: 2, config: c2, engine: 'cpu' }]);
  });

  it('records the CPU engine\'s kernels (they round differently): a run continued on other kernels is a change', () => {
    const on = (active: 'wasm' | 'ts') => ({ engine: 'cpu', cpuKernels: { active, threads: 1, note: '' } }) as OpenReply;
    useRunStore.setState({ scenario: 'reviews', preset: 'micro', config: c0, iteration: 0, history: [], session: on('wasm') });
    runBegan();
    applied(1, c1);
    expect(changes()).toEqual([{ at: 0, config: c0, engine: 'cpu', kernels: 'wasm' }, { at: 1, config: c1, engine: 'cpu', kernels: 'wasm' }]);
    useRunStore.setState({ iteration: 2, history: Array.from({ length: 2 }, (_, i) => ({ iteration: i })) });
    runContinuedOn(on('wasm'));
    expect(changes()).toHaveLength(2);
    runContinuedOn(on('ts'));
    expect(changes().at(-1)).toEqual({ at: 2, config: c1, engine: 'cpu', kernels: 'ts' });
  });

  it('replaying the recorded changes before the iterations they name gives the same statistics, bit for bit', async () => {
    const run = () => createPpoRun(new CpuBackend(), reviews, model, sft.params, rm.params, c0);
    const plan = new Map<number, PpoConfig>([[2, c1], [4, c2]]);
    // The original run: changes applied at the boundaries, as the page does, and recorded.
    useRunStore.setState({ scenario: 'reviews', preset: 'micro', config: c0, iteration: 0, history: [], session });
    runBegan();
    const original = run();
    const stats: Record<string, number>[] = [];
    for (let i = 0; i < 6; i++) {
      const c = plan.get(i);
      if (c) {
        original.setConfig(c);
        applied(i, c);
      }
      stats.push((await original.step()).learning.stats);
    }
    const recorded: RunChange[] = changes();
    expect(recorded.map((c) => c.at)).toEqual([0, 2, 4]);
    const replay = async (shift: number) => {
      const t = run();
      const out: Record<string, number>[] = [];
      for (let i = 0; i < 6; i++) {
        const c = changeStartingAt(recorded, i - shift);
        if (c) t.setConfig(c.config);
        out.push((await t.step()).learning.stats);
      }
      return out;
    };
    expect(await replay(0)).toEqual(stats);
    // One iteration late, the replay is another run from iteration 3 on (the test can tell).
    const late = await replay(1);
    expect(late.slice(0, 2)).toEqual(stats.slice(0, 2));
    expect(late[2]).not.toEqual(stats[2]);
  });
});
