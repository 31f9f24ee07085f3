import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { GpuBackend } from '../engine/backends/gpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { nodeGpu } from '../engine/gpu/testing/node-gpu';
import type { Backend } from '../engine/model/backend';
import { Gpt } from '../engine/model/gpt';
import { createPpoRun, modelConfigFor } from '../engine/pipeline/stages';
import { makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import { changeStartingAt, type RunChange } from './library/record';
import { decodeReplay, encodeReplay } from './replay-link';

/**
 * Replay links of runs recorded on the GPU engine (issue #12, item 5): replayed on the GPU engine
 * (the same kernels in the same order) the statistics are the same; replayed on the CPU engine
 * (a browser without WebGPU) they match within the tolerance of the engines' parity test
 * (src/engine/rl/ppo.gpu.test.ts: absolute 1e-4 + relative 1e-3). Micro preset, three iterations,
 * a settings change at iteration 2, the changes carried through the link codec.
 */
const rt = await nodeGpu();
afterAll(() => rt?.destroy());

const scenario = getScenario('reviews');
const model = modelConfigFor(scenario, 'micro');

function weights(head: 'lm' | 'reward', seed: number): Float32Array {
  const m = new Gpt(new CpuBackend(), model, head);
  m.init(seed);
  return m.params.slice();
}

describe.skipIf(!rt)('replaying a run recorded on the GPU engine', () => {
  it('on the GPU engine: the same statistics; on the CPU engine: within the parity tolerance', async () => {
    const c0 = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, seed: 3, actorLr: 1e-3 });
    const c1: PpoConfig = { ...c0, klCoef: 0.3 };
    const sft = weights('lm', 1), rm = weights('reward', 2);
    const recorded: RunChange[] = [{ at: 0, engine: 'gpu', config: c0 }, { at: 2, engine: 'gpu', config: c1 }];
    const { changes } = decodeReplay(encodeReplay({ scenario: 'reviews', preset: 'micro', iteration: 3, changes: recorded }));
    expect(changes).toEqual(recorded);
    const run = async (be: Backend<unknown, unknown>, plan: readonly RunChange[]) => {
      const t = createPpoRun(be, scenario, model, sft, rm, plan[0].config);
      const out: Record<string, number>[] = [];
      for (let i = 0; i < 3; i++) {
        const c = changeStartingAt(plan, i);
        if (c) t.setConfig(c.config);
        out.push((await t.step()).learning.stats);
      }
      return out;
    };
    const original = await run(new GpuBackend(rt!) as Backend<unknown, unknown>, recorded);
    expect(await run(new GpuBackend(rt!) as Backend<unknown, unknown>, changes)).toEqual(original);
    const onCpu = await run(new CpuBackend() as Backend<unknown, unknown>, changes);
    for (let i = 0; i < 3; i++) {
      for (const k of Object.keys(original[i])) {
        const a = onCpu[i][k], b = original[i][k];
        expect(Math.abs(a - b), `iteration ${i + 1}, ${k}: cpu ${a} gpu ${b}`).toBeLessThan(1e-4 + 1e-3 * Math.abs(a));
      }
    }
    expect(original[2]['objective/kl_coef']).toBe(0.3);
  });
});
