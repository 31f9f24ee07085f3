// The CPU engine on 2 threads vs 1 (src/engine/wasm/pool.ts): one SFT training step of the `small`
// preset (C=128, L=4, NH=4; B=64 sequences of the reviews scenario's P+T = 15 tokens: forward,
// cross-entropy, backward, AdamW) and one PPO iteration of the default scenario at `tiny`, float32
// wasm kernels. The contenders alternate (1, 2, 1, 2 …) so that load from other processes falls on
// both alike; both must end with the same bits (the split never changes a sum). Figures: median ms
// (min, max) per step, the ratio 1 thread / 2 threads, the load average before and after. On a
// machine shared with other work the second thread competes for a core: read the load average.
// Run: npm run bench -- cpu-threads      Env: BENCH_REPS (default 7)
import { loadavg } from 'node:os';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { WasmThreadPool } from '../src/engine/wasm/pool';
import { getScenario } from '../src/engine/data/scenarios';
import { DEFAULT_ADAMW, Gpt } from '../src/engine/model/gpt';
import { createPpoRun, modelConfigFor } from '../src/engine/pipeline/stages';
import { makePpoConfig } from '../src/engine/rl/ppo-config';
import { packSequences } from '../src/engine/rl/sequences';
import { SftTrainer } from '../src/engine/rl/sft';
import { Rng } from '../src/engine/tensor/rng';
import { fmtMs, median } from './tfjs-common';
import { runWeights } from './tfjs-ppo';

const REPS = Math.max(1, Number.parseInt(process.env.BENCH_REPS ?? '7', 10));
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const scenario = getScenario('reviews');
const log = (s: string) => console.log(`cpu-threads ${s}`);

async function engine(threads: number): Promise<CpuBackend> {
  const be = new CpuBackend({ kernels: 'wasm', threads });
  await be.threadsReady();
  if (be.threadsInUse !== threads) throw new Error(`asked for ${threads} threads, got ${be.threadsInUse}: ${be.kernels.threadNote}`);
  return be;
}

/** Alternates the steps, one warm-up round; returns each one's ms per call. */
async function race(steps: (() => Promise<unknown>)[]): Promise<number[][]> {
  const t: number[][] = steps.map(() => []);
  for (let round = 0; round <= REPS; round++) {
    for (let i = 0; i < steps.length; i++) {
      const t0 = performance.now();
      await steps[i]();
      if (round > 0) t[i].push(performance.now() - t0);
    }
  }
  return t;
}

function report(what: string, t: number[][]): void {
  t.forEach((x, i) => log(`${what}, ${i + 1} thread${i ? 's' : ''}: ${fmtMs(median(x))} (min ${fmtMs(Math.min(...x))}, max ${fmtMs(Math.max(...x))}; median of ${x.length})`));
  log(`${what}: ratio 1 thread / 2 threads = ${(median(t[0]) / median(t[1])).toFixed(2)}× (goal ≥ 1.6×); load average ${load()}; shares the caller took from unstarted helpers so far: ${WasmThreadPool.get(2).pool?.sharesTaken}`);
}

log(`load average before: ${load()}`);
{
  const config = modelConfigFor(scenario, 'small');
  const P = scenario.promptLength, T = scenario.maxResponseLength, B = 64;
  const ex = scenario.sftExamples(new Rng(1), B);
  const batch = packSequences(ex.map((e) => e.prompt), ex.map((e) => e.response), P, T);
  const trainers = [];
  for (const threads of [1, 2]) {
    const m = new Gpt(await engine(threads), config, 'lm');
    m.init(1);
    trainers.push(new SftTrainer(m, B, P + T));
  }
  report(`small SFT step (C=${config.channels} L=${config.layers} NH=${config.heads} V=${config.vocabSize}, B=${B} S=${P + T})`, await race(trainers.map((tr) => () => tr.step(batch, DEFAULT_ADAMW))));
  const [a, b] = await Promise.all(trainers.map((tr) => tr.model.getParams()));
  log(`small SFT step: weights after ${REPS + 1} steps ${a.every((x, i) => Object.is(x, b[i])) ? 'identical' : 'DIFFER'} on 1 and 2 threads`);
}
{
  const w = await runWeights(scenario, 'tiny');
  const cfg = makePpoConfig({ maxResponseLength: scenario.maxResponseLength });
  const runs = [];
  for (const threads of [1, 2]) runs.push(createPpoRun(await engine(threads), scenario, w.config, w.sft, w.reward, cfg));
  report('tiny PPO iteration (B=64, 4 epochs × 2 minibatches)', await race(runs.map((r) => async () => { await r.sample(); await r.feedback(); await r.learn(); })));
}
process.exit(0);
