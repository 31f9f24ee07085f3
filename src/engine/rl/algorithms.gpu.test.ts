import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { GpuBackend } from '../backends/gpu-backend';
import { getScenario } from '../data/scenarios';
import { nodeGpu } from '../gpu/testing/node-gpu';
import { Gpt } from '../model/gpt';
import { createPpoRun, modelConfigFor } from '../pipeline/stages';
import { makePpoConfig } from './ppo-config';

// The GPU engine runs one iteration of each algorithm like the CPU engine (micro preset, random
// weights): same answers (same Philox draws), same statistics within the tolerance of the PPO
// parity test (relative 1e-3, absolute 1e-4), and the GPU reads back once per phase (DPO: twice
// more for its pairs; DAPO with checker rewards: once per generation round).
const rt = await nodeGpu();
afterAll(() => rt?.destroy());

function weights(config: ReturnType<typeof modelConfigFor>, head: 'lm' | 'reward', seed: number): Float32Array {
  const m = new Gpt(new CpuBackend(), config, head);
  m.init(seed);
  const p = m.params.slice();
  const h = head === 'reward' ? m.layout.get('head.w') : null;
  if (h) for (let i = h.offset; i < h.offset + h.length; i++) p[i] = 0.5 * Math.sin(i);
  return p;
}

const CASES: [string, string, Record<string, unknown>, number][] = [
  ['GRPO (loss_type grpo, β 0.04)', 'reviews', { algo: 'grpo', num_generations: 4 }, 3],
  ['Dr. GRPO (dr_grpo, no scaling)', 'reviews', { algo: 'dr_grpo', num_generations: 4, klCoef: 0.02 }, 3],
  ['DAPO (dapo, clip-higher, dynamic sampling on 0/1 rewards)', 'arithmetic', { algo: 'dapo', num_generations: 4, max_num_gen_batches: 2 }, -1],
  ['RLOO (leave-one-out, KL in the reward)', 'reviews', { algo: 'rloo', num_generations: 4 }, 3],
  ['REINFORCE++', 'reviews', { algo: 'reinforce_pp' }, 3],
  ['DPO (sigmoid)', 'reviews', { algo: 'dpo', epochs: 1 }, 5],
  ['PPO-ptx (γ = 0.5)', 'reviews', { algo: 'ppo', ptxCoef: 0.5, ptxBatchSize: 4 }, 3],
];

describe.skipIf(!rt)('every algorithm: GPU engine = CPU engine for one iteration', () => {
  for (const [name, id, overrides, expectedReadbacks] of CASES) {
    it(name, async () => {
      const scenario = getScenario(id), config = modelConfigFor(scenario, 'micro');
      const cfg = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, seed: 3, actorLr: 1e-3, maxResponseLength: scenario.maxResponseLength, ...overrides });
      const sft = weights(config, 'lm', 1), rm = scenario.hasRewardModel ? weights(config, 'reward', 2) : null;
      const cpu = createPpoRun(new CpuBackend(), scenario, config, sft, rm, cfg);
      const gpu = createPpoRun(new GpuBackend(rt!), scenario, config, sft, rm, cfg);
      const before = rt!.stats.readbacks;
      const c = await cpu.step();
      const g = await gpu.step();
      const readbacks = rt!.stats.readbacks - before;
      expect(Array.from(g.rollout.tokens)).toEqual(Array.from(c.rollout.tokens));
      let worst: [string, number] = ['', 0];
      for (const k of Object.keys(c.learning.stats)) {
        const a = c.learning.stats[k], b = g.learning.stats[k];
        expect(Math.abs(a - b), `${k}: cpu ${a} gpu ${b}`).toBeLessThan(1e-4 + 1e-3 * Math.abs(a));
        const err = Math.abs(a - b) / Math.max(1e-1, Math.abs(a));
        if (err > worst[1]) worst = [k, err];
      }
      const expected = expectedReadbacks > 0 ? expectedReadbacks : 2 + g.rollout.sampling!.rounds;
      console.log(`${name}: ${Object.keys(c.learning.stats).length} stats, worst ${worst[0]} rel ${worst[1].toExponential(2)}; ${readbacks} read-backs`);
      expect(readbacks).toBe(expected);
      cpu.release();
      gpu.release();
    });
  }
});
