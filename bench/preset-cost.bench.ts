// What a PPO iteration of each model size costs on the CPU engine, measured side by side: micro,
// tiny and small (reviews scenario, PPO defaults, shipped checkpoints) interleaved in one process
// (micro, tiny, small, micro, …) on the float32 wasm kernels, one thread and — where the platform
// gives a pool — two. Printed per size: the first (cold) iteration, the median of the warm ones
// (min, max), the iteration's FLOPs (src/engine/rl/iteration-cost.ts) and GFLOP/s; then the ratios
// small / tiny and micro / tiny next to the FLOP ratios, and what src/state/preset-cost.ts estimates
// for each size from tiny's measured time. This is the measurement the page's estimate rests on.
// Run: npm run bench -- preset-cost
// Env: BENCH_REPS (default 3), PRESET_COST_THREADS (default "1,2"), PRESET_COST_PRESETS (default "micro,tiny,small";
// the first size listed pays the process's warm-up: JIT of the TypeScript, first use of the kernels)
import { loadavg } from 'node:os';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { getScenario } from '../src/engine/data/scenarios';
import type { PresetName } from '../src/engine/model/config';
import { createPpoRun } from '../src/engine/pipeline/stages';
import { makePpoConfig } from '../src/engine/rl/ppo-config';
import { estimateSeconds, iterationFlops } from '../src/state/preset-cost-model';
import { fmtMs, median } from './tfjs-common';
import { runWeights } from './tfjs-ppo';

const REPS = Math.max(1, Number.parseInt(process.env.BENCH_REPS ?? '3', 10));
const THREADS = (process.env.PRESET_COST_THREADS ?? '1,2').split(',').map(Number);
const PRESETS = (process.env.PRESET_COST_PRESETS ?? 'micro,tiny,small').split(',') as PresetName[];
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const log = (s: string) => console.log(`preset-cost ${s}`);
const scenario = getScenario('reviews');
const cfg = makePpoConfig({ maxResponseLength: scenario.maxResponseLength });

log(`load average before: ${load()}; ${REPS} warm rounds after one cold`);
for (const threads of THREADS) {
  const runs = [], engines: CpuBackend[] = [];
  for (const preset of PRESETS) {
    const be = new CpuBackend({ kernels: 'wasm', threads });
    await be.threadsReady();
    engines.push(be);
    const w = await runWeights(scenario, preset);
    runs.push(createPpoRun(be, scenario, w.config, w.sft, w.reward, cfg));
  }
  const inUse = engines[0].threadsInUse;
  if (inUse !== threads) { log(`${threads} threads: not available here (${inUse} in use), skipped`); continue; }
  const times: number[][] = PRESETS.map(() => []);
  for (let round = 0; round <= REPS; round++) {
    for (let i = 0; i < runs.length; i++) {
      const t0 = performance.now();
      await runs[i].step();
      times[i].push(performance.now() - t0);
    }
  }
  const warm = times.map((t) => median(t.slice(1)));
  const tiny = PRESETS.indexOf('tiny');
  PRESETS.forEach((p, i) => {
    const f = iterationFlops(scenario.id, p, cfg);
    log(`${threads} thread${threads > 1 ? 's' : ''}, ${p}: cold ${fmtMs(times[i][0])}, warm ${fmtMs(warm[i])} (min ${fmtMs(Math.min(...times[i].slice(1)))}, max ${fmtMs(Math.max(...times[i].slice(1)))}), ${(f / 1e9).toFixed(3)} GFLOP, ${(f / warm[i] / 1e6).toFixed(2)} GFLOP/s`);
  });
  for (const p of PRESETS.filter((x) => x !== 'tiny')) {
    const i = PRESETS.indexOf(p);
    if (tiny < 0) break;
    const flopRatio = iterationFlops(scenario.id, p, cfg) / iterationFlops(scenario.id, 'tiny', cfg);
    const est = estimateSeconds('cpu', scenario.id, 'tiny', cfg, warm[tiny], p);
    log(`${threads} thread${threads > 1 ? 's' : ''}, ${p} / tiny: measured ${(warm[i] / warm[tiny]).toFixed(2)}×, FLOPs ${flopRatio.toFixed(2)}×; estimate from tiny's ${fmtMs(warm[tiny])}: ${(est * 1000).toFixed(0)} ms (measured ${fmtMs(warm[i])}, estimate / measured ${(est * 1000 / warm[i]).toFixed(2)})`);
  }
  log(`${threads} thread${threads > 1 ? 's' : ''}: load average after: ${load()}`);
}
process.exit(0);
