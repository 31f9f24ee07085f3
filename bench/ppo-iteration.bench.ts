// One PPO iteration (sample → feedback → learn; reviews scenario, PPO defaults B=64, T=12, K=4 epochs
// × M=2 minibatches, from the shipped SFT and reward checkpoints, or seeded random weights when they
// are missing) side by side in one process (docs/conventions.md §6: only ratios travel):
//   check     same maths first: bench/tfjs-ppo-parity.ts on TF.js cpu and wasm (tiny);
//   cpu       our CPU engine (PpoTrainer) on its three kernel sets (wasm float32 SIMD, wasm-exact
//             float64 SIMD = the TypeScript bits, ts = the TypeScript ops; and rl-ts = wasm with the
//             log-probs and the draw in TypeScript, as before their kernels) vs bench/tfjs-ppo.ts on
//             TF.js cpu and wasm, tiny preset; also the iteration's FLOP count (src/engine/model/cost.ts)
//             and each contender's GFLOP/s against it;
//   gen       TF.js sampling phase alone, KV cache (ours, in tfjs-ppo.ts) vs a forward over the
//             growing prefix, to show what the cache is worth there;
//   gpu       our GPU engine vs TF.js webgpu, each with its own device on the same adapter, at
//             PPO_GPU_PRESET (default micro: a TF.js webgpu iteration at tiny is ~10× a 35–60 s SFT
//             step on SwiftShader, i.e. several minutes per repetition);
//   gpu-tiny  our GPU engine alone at tiny (time and call counts; no TF.js).
// Contenders of one section alternate (A B C A B C …) so load from other processes hits all alike.
// Per contender: median wall time per iteration (each phase ends with its one read-back, so the
// split sample / feedback / learn is exact), rollout answer tokens/s, and on the GPU our
// rt.stats (dispatches, submits, read-backs, uploads) per phase, and WebGPU calls counted the same
// way for both sides by wrapping dispatchWorkgroups, queue.submit and mapAsync.
// Run: npm run bench -- ppo-iteration
// Env: PPO_PARTS (default check,cpu,gen,gpu,gpu-tiny), BENCH_WARMUP (1), BENCH_REPS (3),
//      PPO_GPU_PRESET (micro).
import { nodeGpu } from './node-gpu';
import * as tf from '@tensorflow/tfjs';
import { tfWebgpuDevice, useTfBackend, type TfBackendName } from './tfjs-backends';
import { fmtMs, median } from './tfjs-common';
import { ppoParity } from './tfjs-ppo-parity';
import { TfPpo, runWeights, type RunWeights } from './tfjs-ppo';
import { loadavg } from 'node:os';
import { countFlops } from '../src/engine/model/cost';
import { CpuBackend, type CpuKernels } from '../src/engine/backends/cpu-backend';
import { GpuBackend } from '../src/engine/backends/gpu-backend';
import { getScenario } from '../src/engine/data/scenarios';
import type { Backend } from '../src/engine/model/backend';
import type { PresetName } from '../src/engine/model/config';
import type { GpuRuntime, RuntimeStats } from '../src/engine/gpu/runtime';
import { createPpoRun, withValueHead } from '../src/engine/pipeline/stages';
import { makePpoConfig } from '../src/engine/rl/ppo-config';
import { logprobsBackward, logprobsForward } from '../src/engine/rl/logprobs';
import { sampleNext } from '../src/engine/cpu/sample';

const envInt = (k: string, d: number) => (process.env[k] ? Math.max(0, Number.parseInt(process.env[k]!, 10)) : d);
const WARMUP = envInt('BENCH_WARMUP', 1);
const REPS = Math.max(1, envInt('BENCH_REPS', 3));
const PARTS = new Set((process.env.PPO_PARTS ?? 'check,cpu,gen,gpu,gpu-tiny').split(','));
const GPU_PRESET = (process.env.PPO_GPU_PRESET ?? 'micro') as PresetName;
const scenario = getScenario('reviews');
const cfg = makePpoConfig({ maxResponseLength: scenario.maxResponseLength });
const PHASES = ['sample', 'feedback', 'learn'] as const;
type Phases = Record<(typeof PHASES)[number], number>;
const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n').slice(0, 2).join(' ');
const log = (s: string) => console.log(`ppo-iteration ${s}`);

// ---- WebGPU call counters: the same instrument for our engine and TF.js -----------------------
const calls = { dispatches: 0, submits: 0, maps: 0 };
if (typeof GPUComputePassEncoder !== 'undefined') {
  const wrap = <T extends object>(proto: T, name: keyof T & string, key: keyof typeof calls) => {
    const orig = proto[name] as unknown as (...a: unknown[]) => unknown;
    Object.defineProperty(proto, name, { value: function (this: unknown, ...a: unknown[]) { calls[key] += 1; return orig.apply(this, a); }, writable: true, configurable: true });
  };
  wrap(GPUComputePassEncoder.prototype, 'dispatchWorkgroups', 'dispatches');
  wrap(GPUQueue.prototype, 'submit', 'submits');
  wrap(GPUBuffer.prototype, 'mapAsync', 'maps');
}

// ---- contenders ------------------------------------------------------------------------------------
interface Rep { ms: Phases; tokens: number; calls: typeof calls; stats: RuntimeStats[] }
interface Contender {
  name: string;
  activate?(): Promise<void>;
  /** One iteration: the wall time of each phase, answer tokens sampled (EOS included), rt.stats per phase. */
  iterate(): Promise<{ ms: Phases; tokens: number; stats: RuntimeStats[] }>;
  dispose(): void;
}

function ours<F, I>(name: string, be: Backend<F, I>, w: RunWeights, rt?: GpuRuntime): Contender {
  const run = createPpoRun(be, scenario, w.config, w.sft, w.reward, cfg);
  return {
    name,
    iterate: async () => {
      const stats: RuntimeStats[] = [];
      const snap = () => rt && stats.push({ ...rt.stats });
      snap();
      const t0 = performance.now();
      const r = await run.sample();
      const t1 = performance.now();
      snap();
      await run.feedback();
      const t2 = performance.now();
      snap();
      await run.learn();
      const t3 = performance.now();
      snap();
      return { ms: { sample: t1 - t0, feedback: t2 - t1, learn: t3 - t2 }, tokens: r.length.reduce((a, b) => a + b, 0), stats };
    },
    dispose: () => {
      run.release();
      for (const m of Object.values(run.models)) m?.release();
    },
  };
}

/** TF.js' PPO iteration; with `sampleOnly` just its sampling phase (TfPpo.sample). */
async function tfContender(backend: TfBackendName, w: RunWeights, generation: 'kv' | 'prefix' = 'kv', sampleOnly = false): Promise<Contender | string> {
  const r = await useTfBackend(backend);
  if (!r.ok) return r.reason;
  const critic = cfg.criticInit === 'reward-model' ? w.reward : withValueHead(w.sft, w.config);
  const tp = new TfPpo(w.config, { actor: w.sft, reference: w.sft, critic, reward: w.reward }, scenario, cfg, generation);
  return {
    name: `tfjs-${backend}${sampleOnly ? ` ${generation === 'kv' ? 'KV cache' : 'growing prefix'}` : ''}`,
    activate: async () => { if (tf.getBackend() !== backend) await tf.setBackend(backend); },
    iterate: async () => {
      if (sampleOnly) {
        const t0 = performance.now();
        const rollout = await tp.sample();
        tp.iteration += 1; // fresh prompts and draws each time, as in a run
        return { ms: { sample: performance.now() - t0, feedback: 0, learn: 0 }, tokens: rollout.mask.reduce((a, b) => a + b, 0), stats: [] };
      }
      const { rollout, ms } = await tp.step();
      return { ms, tokens: rollout.mask.reduce((a, b) => a + b, 0), stats: [] };
    },
    dispose: () => tp.dispose(),
  };
}

/** WARMUP + REPS rounds, contenders interleaved within each round. */
async function race(cs: Contender[]): Promise<Map<string, { reps: Rep[]; error?: string }>> {
  const out = new Map(cs.map((c) => [c.name, { reps: [] as Rep[], error: undefined as string | undefined }]));
  for (let round = 0; round < WARMUP + REPS; round++) {
    for (const c of cs) {
      const o = out.get(c.name)!;
      if (o.error) continue;
      try {
        await c.activate?.();
        const before = { ...calls };
        const r = await c.iterate();
        const used = { dispatches: calls.dispatches - before.dispatches, submits: calls.submits - before.submits, maps: calls.maps - before.maps };
        if (round >= WARMUP) o.reps.push({ ...r, calls: used });
      } catch (e) {
        o.error = firstLine(e);
      }
    }
  }
  return out;
}

const total = (p: Phases) => p.sample + p.feedback + p.learn;
const med = (reps: Rep[], f: (r: Rep) => number) => median(reps.map(f));

function report(section: string, res: Awaited<ReturnType<typeof race>>, base: string): void {
  for (const [name, { reps, error }] of res) {
    if (error) {
      log(`${section} ${name}: FAILED — ${error}`);
      continue;
    }
    const ms = reps.map((r) => total(r.ms));
    log(`${section} ${name}: ${fmtMs(median(ms))} per iteration (median of ${ms.length} after ${WARMUP} warm-up; min ${fmtMs(Math.min(...ms))}, max ${fmtMs(Math.max(...ms))})`);
    const split = PHASES.map((p) => `${p} ${fmtMs(med(reps, (r) => r.ms[p]))} (${((100 * med(reps, (r) => r.ms[p])) / median(ms)).toFixed(0)}%)`);
    log(`${section} ${name} split: ${split.join(', ')} (medians per phase)`);
    log(`${section} ${name} rollout: ${(med(reps, (r) => r.tokens / r.ms.sample) * 1000).toFixed(0)} answer tokens/s (${med(reps, (r) => r.tokens).toFixed(0)} tokens of at most ${cfg.batchSize * cfg.maxResponseLength} per iteration; every position is decoded either way)`);
  }
  const b = res.get(base);
  if (!b || b.error || !b.reps.length) return;
  for (const [name, { reps, error }] of res) {
    if (name === base || error || !reps.length) continue;
    const r = med(reps, (x) => total(x.ms)) / med(b.reps, (x) => total(x.ms));
    log(`${section} ratio ${name} / ${base}: ${r.toFixed(2)}× (${r >= 1 ? `ours ${r.toFixed(2)}× faster` : `ours ${(1 / r).toFixed(2)}× slower`})`);
    const per = PHASES.map((p) => `${p} ${(med(reps, (x) => x.ms[p]) / med(b.reps, (x) => x.ms[p])).toFixed(2)}×`);
    log(`${section} ratio ${name} / ${base} per phase: ${per.join(', ')}`);
  }
}

function reportCalls(section: string, res: Awaited<ReturnType<typeof race>>): void {
  for (const [name, { reps, error }] of res) {
    if (error || !reps.length) continue;
    const c = (k: keyof typeof calls) => med(reps, (r) => r.calls[k]).toFixed(0);
    log(`${section} ${name} WebGPU calls per iteration: ${c('dispatches')} dispatches, ${c('submits')} queue submits, ${c('maps')} buffer maps (read-backs)`);
    if (!reps[0].stats.length) continue;
    const keys = ['dispatches', 'submits', 'readbacks', 'uploads'] as const;
    const d = (r: Rep, i: number, k: (typeof keys)[number]) => r.stats[i + 1][k] - r.stats[i][k];
    const all = keys.map((k) => `${med(reps, (r) => d(r, 0, k) + d(r, 1, k) + d(r, 2, k)).toFixed(0)} ${k}`);
    log(`${section} ${name} rt.stats per iteration: ${all.join(', ')}`);
    PHASES.forEach((p, i) => log(`${section} ${name} rt.stats ${p}: ${keys.map((k) => `${med(reps, (r) => d(r, i, k)).toFixed(0)} ${k}`).join(', ')}`));
  }
}

const setup = (preset: PresetName, w: RunWeights) =>
  `${preset} preset (C=${w.config.channels} L=${w.config.layers} NH=${w.config.heads}, V=${w.config.vocabSize}), ${w.source}; B=${cfg.batchSize} P=${scenario.promptLength} T=${cfg.maxResponseLength} K=${cfg.epochs} M=${cfg.minibatches}; ${REPS} timed reps after ${WARMUP} warm-up, interleaved`;

// ---- same maths ----------------------------------------------------------------------------------
if (PARTS.has('check')) await ppoParity(['cpu', 'wasm'], 'tiny', log);

// ---- CPU: ours vs TF.js cpu and wasm -------------------------------------------------------------
const tiny = await runWeights(scenario, 'tiny');
if (PARTS.has('cpu')) {
  log(`cpu setup: ${setup('tiny', tiny)}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const flops = await iterationFlops(tiny);
  log(`cpu work: ${(flops / 1e9).toFixed(2)} GFLOP per iteration (matmuls + attention, counted on the first iteration)`);
  const kernels: CpuKernels[] = ['wasm', 'wasm-exact', 'ts'];
  const cs: Contender[] = kernels.map((k) => ours(k === 'wasm' ? 'ours-cpu' : `ours-cpu-${k}`, new CpuBackend({ kernels: k }), tiny));
  // The wasm engine with the log-probs and the rollout's draw in TypeScript (as before their kernels,
  // assembly/logprobs.ts and sample.ts): what those two kernels are worth, measured in the same rounds.
  const rlTs = new CpuBackend({ kernels: 'wasm' });
  rlTs.logprobsForward = logprobsForward;
  rlTs.logprobsBackward = logprobsBackward;
  rlTs.sampleNext = sampleNext;
  cs.splice(1, 0, ours('ours-cpu-rl-ts', rlTs, tiny));
  for (const be of ['cpu', 'wasm'] as const) {
    const c = await tfContender(be, tiny);
    if (typeof c === 'string') log(`cpu tfjs-${be}: NOT RUN — ${c}`);
    else cs.push(c);
  }
  const res = await race(cs);
  report('cpu', res, 'ours-cpu');
  for (const [name, { reps, error }] of res) {
    if (!error && reps.length) log(`cpu ${name}: ${(flops / med(reps, (r) => total(r.ms)) / 1e6).toFixed(2)} GFLOP/s over the iteration`);
  }
  log(`cpu load average after: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const c of cs) c.dispose();
}

/** FLOPs of the first iteration of a run (the counted engine is used for nothing else). */
async function iterationFlops(w: RunWeights): Promise<number> {
  const be = new CpuBackend({ kernels: 'wasm' });
  const counter = countFlops(be);
  const run = createPpoRun(be, scenario, w.config, w.sft, w.reward, cfg);
  await run.sample();
  await run.feedback();
  await run.learn();
  run.release();
  return counter.flops;
}

// ---- TF.js sampling: KV cache vs growing prefix ----------------------------------------------------
if (PARTS.has('gen')) {
  const cs: Contender[] = [];
  for (const be of ['cpu', 'wasm'] as const) {
    for (const g of ['kv', 'prefix'] as const) {
      const c = await tfContender(be, tiny, g, true);
      if (typeof c === 'string') log(`gen tfjs-${be}: NOT RUN — ${c}`);
      else cs.push(c);
    }
  }
  const res = await race(cs);
  for (const [name, { reps, error }] of res) {
    if (error) log(`gen ${name}: FAILED — ${error}`);
    else log(`gen ${name}: sampling phase ${fmtMs(med(reps, (r) => r.ms.sample))} (median of ${reps.length}; tiny, B=${cfg.batchSize}, ${scenario.promptLength} prompt + ${cfg.maxResponseLength} answer positions)`);
  }
  for (const be of ['cpu', 'wasm']) {
    const kv = res.get(`tfjs-${be} KV cache`), pre = res.get(`tfjs-${be} growing prefix`);
    if (kv?.reps.length && pre?.reps.length) log(`gen ratio tfjs-${be} growing prefix / KV cache: ${(med(pre.reps, (r) => r.ms.sample) / med(kv.reps, (r) => r.ms.sample)).toFixed(2)}×`);
  }
  for (const c of cs) c.dispose();
}

// ---- GPU: ours vs TF.js webgpu on the same adapter --------------------------------------------------
if (PARTS.has('gpu') || PARTS.has('gpu-tiny')) {
  const rt: GpuRuntime | null = await nodeGpu({});
  if (!rt) log('gpu: NOT RUN — no WebGPU adapter in this process');
  else {
    log(`gpu adapter: ${rt.report.description || rt.report.device}${rt.report.isFallbackAdapter ? ' (software fallback)' : ''}; subgroups ${rt.useSubgroups ? 'on' : 'off'}`);
    if (PARTS.has('gpu')) {
      const w = await runWeights(scenario, GPU_PRESET);
      log(`gpu setup: ${setup(GPU_PRESET, w)}`);
      const cs: Contender[] = [ours('ours-gpu', new GpuBackend(rt), w, rt)];
      const c = await tfContender('webgpu', w);
      if (typeof c === 'string') log(`gpu tfjs-webgpu: NOT RUN — ${c}`);
      else cs.push(c);
      const res = await race(cs);
      report('gpu', res, 'ours-gpu');
      reportCalls('gpu', res);
      for (const k of cs) k.dispose();
    }
    if (PARTS.has('gpu-tiny')) {
      log(`gpu-tiny setup: ${setup('tiny', tiny)}; our GPU engine only`);
      const cs = [ours('ours-gpu', new GpuBackend(rt), tiny, rt)];
      const res = await race(cs);
      report('gpu-tiny', res, 'ours-gpu');
      reportCalls('gpu-tiny', res);
      cs[0].dispose();
    }
    tfWebgpuDevice()?.destroy();
    rt.destroy();
  }
}
process.exit(0);
