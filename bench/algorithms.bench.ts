// Time per iteration of each algorithm against PPO on the same shapes (issues #14, #17): reviews
// scenario, shipped tiny checkpoints, B = 64 answers of up to T = 12 tokens, K = 4 epochs × M = 2
// minibatches, CPU engine (default kernels); GRPO / Dr. GRPO / RLOO with G = 4 (16 prompts × 4),
// DAPO without dynamic sampling (its extra generation rounds depend on the rewards, not on the
// algorithm's cost), DPO on 64 pairs per iteration (+ 64 fresh answers measured) and at its defaults
// (128 pairs × 2 epochs), PPO-ptx with γ = 1 and 16 SFT examples per update. Contenders alternate (A B C … A B C …) so load from other
// processes hits all alike; per contender the median wall time per iteration and the ratio to PPO.
// Only ratios travel (docs/conventions.md §6); the load average is printed with them.
// Run: npm run bench -- algorithms      Env: BENCH_WARMUP (1), BENCH_REPS (3), ALGOS_PRESET (tiny).
import { loadavg } from 'node:os';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { getScenario } from '../src/engine/data/scenarios';
import type { PresetName } from '../src/engine/model/config';
import { createPpoRun } from '../src/engine/pipeline/stages';
import { makePpoConfig } from '../src/engine/rl/ppo-config';
import { median } from './tfjs-common';
import { runWeights } from './tfjs-ppo';

const envInt = (k: string, d: number) => (process.env[k] ? Math.max(0, Number.parseInt(process.env[k]!, 10)) : d);
const WARMUP = envInt('BENCH_WARMUP', 1);
const REPS = Math.max(1, envInt('BENCH_REPS', 3));
const PRESET = (process.env.ALGOS_PRESET ?? 'tiny') as PresetName;
const scenario = getScenario('reviews');

const CONTENDERS: [string, Record<string, unknown>][] = [
  ['ppo', {}],
  ['ppo-ptx', { ptxCoef: 1, ptxBatchSize: 16 }],
  ['grpo', { algo: 'grpo', num_generations: 4 }],
  ['dr_grpo', { algo: 'dr_grpo', num_generations: 4 }],
  ['dapo', { algo: 'dapo', num_generations: 4, dynamic_sampling: false }],
  ['rloo', { algo: 'rloo', num_generations: 4 }],
  ['reinforce_pp', { algo: 'reinforce_pp' }],
  ['dpo', { algo: 'dpo', batchSize: 64, epochs: 4, minibatches: 2, actorLr: 3e-4 }],
  ['dpo-defaults', { algo: 'dpo' }], // 128 pairs × 2 epochs (algo-config.ts)
];

const w = await runWeights(scenario, PRESET);
console.log(`algorithms weights: ${w.source}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const runs = CONTENDERS.map(([name, o]) => ({
  name,
  run: createPpoRun(new CpuBackend(), scenario, w.config, w.sft, w.reward, makePpoConfig({ maxResponseLength: scenario.maxResponseLength, seed: 1, ...o })),
  times: [] as number[],
}));
for (let rep = 0; rep < WARMUP + REPS; rep++) {
  for (const c of runs) {
    const t0 = performance.now();
    await c.run.step();
    if (rep >= WARMUP) c.times.push(performance.now() - t0);
  }
}
const ppo = median(runs[0].times);
for (const c of runs) {
  const m = median(c.times);
  console.log(`algorithms ${PRESET} ${c.name.padEnd(13)} ${(m / 1000).toFixed(2)} s/iteration (median of ${c.times.length}), ${(m / ppo).toFixed(2)}× PPO`);
}
console.log(`algorithms load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
