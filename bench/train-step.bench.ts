// One SFT training step (forward + cross-entropy + backward + AdamW with global-norm clip) of the
// `tiny` preset at V=52 on a fixed batch (B=64, S=16, 4 prompt positions uncounted; seeded Rng),
// side by side in one process (docs/conventions.md §6: only ratios travel between machines):
//   gpu: our GPU engine vs TF.js `webgpu`, each with its own device on the same adapter;
//   cpu: our CPU engine vs TF.js `cpu` and `wasm`.
// Our step is SftTrainer.step (src/engine/rl/sft.ts): uploads the batch, records the step, reads
// back the loss and ‖g‖² (one read-back). The TF.js step (bench/tfjs-gpt.ts, same maths — see
// bench/tfjs-parity.ts) uploads the batch, runs forward, autodiff backward and AdamW in tf ops and
// reads back the loss. Both start from the same parameters; the contenders of one adapter run
// interleaved (A B A B …) so that load from other processes on the 2 shared cores hits both alike.
// Per step: wall time (median of REPS after WARMUP), our dispatches / submits / read-backs from
// rt.stats, and, counted the same way for both sides by wrapping the WebGPU entry points,
// dispatches, queue submits and buffer maps. Also bytes held per preset (Gpt.memory()).
// Run: npm run bench -- train-step
// Env: BENCH_WARMUP (default 2 on cpu, 1 on gpu), BENCH_REPS (default 5), TRAIN_STEP_PARTS
// (default memory,cpu,gpu). The gpu part takes minutes on SwiftShader: TF.js webgpu steps are slow.
import { nodeGpu } from './node-gpu';
import * as tf from '@tensorflow/tfjs';
import { tfWebgpuDevice, useTfBackend, type TfBackendName } from './tfjs-backends';
import { ADAMW, BATCH, V, fmtBytes, fmtMs, median, randomBatch } from './tfjs-common';
import { TfGpt, disposeBatch, tfBatch } from './tfjs-gpt';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { GpuBackend } from '../src/engine/backends/gpu-backend';
import { PRESETS, presetConfig, type PresetName } from '../src/engine/model/config';
import { Gpt } from '../src/engine/model/gpt';
import type { GpuRuntime } from '../src/engine/gpu/runtime';
import { SftTrainer } from '../src/engine/rl/sft';

const envInt = (k: string, d: number) => (process.env[k] ? Math.max(0, Number.parseInt(process.env[k]!, 10)) : d);
// One warm-up step compiles every pipeline; on SwiftShader a TF.js webgpu step takes 10–40 s, so
// the GPU section warms up once by default, the CPU section twice (JIT).
const WARMUP_CPU = envInt('BENCH_WARMUP', 2);
const WARMUP_GPU = envInt('BENCH_WARMUP', 1);
const REPS = Math.max(1, envInt('BENCH_REPS', 5));
const PARTS = new Set((process.env.TRAIN_STEP_PARTS ?? 'memory,cpu,gpu').split(','));
const SEED = 1;
const cfg = presetConfig('tiny', V);
const batch = randomBatch(SEED);
const { B, S } = batch;
const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n').slice(0, 2).join(' ');

// ---- WebGPU call counters: the same instrument for our engine and TF.js ------------------------
const calls = { dispatches: 0, submits: 0, maps: 0 };
{
  const wrap = <T extends object>(proto: T, name: keyof T & string, key: keyof typeof calls) => {
    const orig = proto[name] as unknown as (...a: unknown[]) => unknown;
    Object.defineProperty(proto, name, { value: function (this: unknown, ...a: unknown[]) { calls[key] += 1; return orig.apply(this, a); }, writable: true, configurable: true });
  };
  wrap(GPUComputePassEncoder.prototype, 'dispatchWorkgroups', 'dispatches');
  wrap(GPUQueue.prototype, 'submit', 'submits');
  wrap(GPUBuffer.prototype, 'mapAsync', 'maps');
}
const snapCalls = () => ({ ...calls });
const perStep = (a: typeof calls, b: typeof calls, n: number) =>
  `${((b.dispatches - a.dispatches) / n).toFixed(0)} dispatches, ${((b.submits - a.submits) / n).toFixed(1)} queue submits, ${((b.maps - a.maps) / n).toFixed(1)} buffer maps (read-backs)`;

// ---- contenders -----------------------------------------------------------------------------------
interface Contender {
  name: string;
  /** Runs one step and resolves once its loss is back on the CPU; returns that loss. */
  step(): Promise<number>;
  dispose(): void;
  /** Called before the contender's own steps (switches the TF.js backend). */
  activate?(): Promise<void>;
}

function ours<F, I>(name: string, model: Gpt<F, I>, flat: Float32Array): Contender {
  model.setParams(flat);
  const trainer = new SftTrainer(model, B, S);
  return {
    name,
    step: async () => (await trainer.step(batch, ADAMW)).loss,
    dispose: () => { trainer.release(); model.release(); },
  };
}

async function tfContender(backend: TfBackendName, named: Map<string, { shape: number[]; data: Float32Array }>): Promise<Contender | string> {
  const r = await useTfBackend(backend);
  if (!r.ok) return r.reason;
  const model = new TfGpt(cfg, named);
  return {
    name: `tfjs-${backend}`,
    activate: async () => { if (tf.getBackend() !== backend) await tf.setBackend(backend); },
    step: async () => {
      // The batch is uploaded every step, as SftTrainer does.
      const b = tfBatch(batch.tokens, batch.targets, B, S, V);
      const loss = model.trainStep(b, ADAMW);
      const value = (await loss.data())[0]; // the one read-back; waits for the queue on webgpu
      loss.dispose();
      disposeBatch(b);
      return value;
    },
    dispose: () => model.dispose(),
  };
}

interface Timing { ms: number[]; losses: number[]; error?: string }

/** Warm-up then REPS timed steps per contender, interleaved round-robin. */
async function race(cs: Contender[], WARMUP: number, onTimed?: (c: Contender, phase: 'before' | 'after') => void): Promise<Map<string, Timing>> {
  const out = new Map<string, Timing>(cs.map((c) => [c.name, { ms: [], losses: [] }]));
  for (let rep = 0; rep < WARMUP + REPS; rep++) {
    for (const c of cs) {
      const t = out.get(c.name)!;
      if (t.error) continue;
      try {
        await c.activate?.();
        const timed = rep >= WARMUP;
        if (timed) onTimed?.(c, 'before');
        const t0 = performance.now();
        const loss = await c.step();
        const ms = performance.now() - t0;
        if (timed) onTimed?.(c, 'after');
        if (timed) t.ms.push(ms);
        t.losses.push(loss);
      } catch (e) {
        t.error = firstLine(e);
      }
    }
  }
  return out;
}

function report(section: string, res: Map<string, Timing>, base: string, WARMUP: number): void {
  for (const [name, t] of res) {
    if (t.error) console.log(`train-step ${section} ${name}: FAILED — ${t.error}`);
    else console.log(`train-step ${section} ${name}: ${fmtMs(median(t.ms))} per step (median of ${t.ms.length} after ${WARMUP} warm-up; min ${fmtMs(Math.min(...t.ms))}, max ${fmtMs(Math.max(...t.ms))}); loss ${t.losses[0].toFixed(4)} → ${t.losses[t.losses.length - 1].toFixed(4)} over ${t.losses.length} steps`);
  }
  const b = res.get(base);
  for (const [name, t] of res) {
    if (name === base || !b || b.error || t.error) continue;
    const r = median(t.ms) / median(b.ms);
    console.log(`train-step ${section} ratio ${name} / ${base}: ${r.toFixed(2)}× (${r >= 1 ? `ours ${r.toFixed(2)}× faster` : `ours ${(1 / r).toFixed(2)}× slower`})`);
  }
}

// ---- memory per preset ------------------------------------------------------------------------------
if (PARTS.has('memory')) {
  for (const preset of Object.keys(PRESETS) as PresetName[]) {
    const c = presetConfig(preset, V);
    const model = new Gpt(new CpuBackend(), c, 'lm');
    model.init(SEED);
    const trainer = new SftTrainer(model, B, S);
    await trainer.step(batch, ADAMW); // allocates the (B,S) activations
    const m = model.memory();
    const total = m.parameters + m.optimizer + m.activations;
    console.log(`train-step memory ${preset} (C=${c.channels} L=${c.layers} NH=${c.heads} maxS=${c.maxSeqLen}, ${model.parameterCount} params): parameters ${fmtBytes(m.parameters)}, grads+Adam ${fmtBytes(m.optimizer)}, activations+grads at B=${B} S=${S} ${fmtBytes(m.activations)}, total ${fmtBytes(total)} (${total} bytes)`);
    trainer.release();
    model.release();
    if (preset === 'tiny' && (await useTfBackend('cpu')).ok) {
      // TF.js for scale: variables + Adam moments held, and the peak during one step (autodiff
      // keeps the forward's intermediates until the gradients are done, like our activations).
      const held0 = tf.memory().numBytes;
      const tm = new TfGpt(c, await (async () => { const g = new Gpt(new CpuBackend(), c, 'lm'); g.init(SEED); return g.namedParams(); })());
      const held = tf.memory().numBytes - held0;
      const b = tfBatch(batch.tokens, batch.targets, B, S, V);
      const prof = await tf.profile(() => tm.trainStep(b, ADAMW));
      console.log(`train-step memory tiny tfjs-cpu: parameters+Adam ${fmtBytes(held)}, peak during a step at B=${B} S=${S} ${fmtBytes(prof.peakBytes)} (${prof.peakBytes} bytes, tf.profile), ${prof.kernels.length} kernels per step`);
      tf.dispose(prof.result as tf.Tensor);
      disposeBatch(b);
      tm.dispose();
    }
  }
}

const init = new Gpt(new CpuBackend(), cfg, 'lm');
init.init(SEED);
const flat = await init.getParams();
const named = await init.namedParams();
console.log(`train-step setup: tiny preset V=${V} (${init.parameterCount} params), B=${B} S=${S} P=${BATCH.P} (${B * (S - BATCH.P)} counted targets), AdamW lr=${ADAMW.lr} wd=${ADAMW.weightDecay} clip=${ADAMW.maxGradNorm}; ${REPS} timed reps after ${WARMUP_CPU} (cpu) / ${WARMUP_GPU} (gpu) warm-up, interleaved`);

// ---- CPU: ours vs TF.js cpu and wasm ------------------------------------------------------------------
if (PARTS.has('cpu')) {
  const cs: Contender[] = [ours('ours-cpu', new Gpt(new CpuBackend(), cfg, 'lm'), flat)];
  for (const be of ['cpu', 'wasm'] as const) {
    const c = await tfContender(be, named);
    if (typeof c === 'string') console.log(`train-step cpu tfjs-${be}: NOT RUN — ${c}`);
    else cs.push(c);
  }
  report('cpu', await race(cs, WARMUP_CPU), 'ours-cpu', WARMUP_CPU);
  for (const c of cs) c.dispose();
}

// ---- GPU: ours vs TF.js webgpu on the same adapter ----------------------------------------------------
if (PARTS.has('gpu')) {
  const rt: GpuRuntime | null = await nodeGpu({});
  if (!rt) console.log('train-step gpu: NOT RUN — no WebGPU adapter in this process');
  else {
    console.log(`train-step gpu adapter: ${rt.report.description || rt.report.device}${rt.report.isFallbackAdapter ? ' (software fallback)' : ''}; subgroups ${rt.useSubgroups ? 'on' : 'off'}`);
    const cs: Contender[] = [ours('ours-gpu', new Gpt(new GpuBackend(rt), cfg, 'lm'), flat)];
    const c = await tfContender('webgpu', named);
    if (typeof c === 'string') console.log(`train-step gpu tfjs-webgpu: NOT RUN — ${c}`);
    else cs.push(c);
    // Counters summed over the timed steps of each contender only.
    const counted = new Map<string, { calls: typeof calls; stats: typeof rt.stats }>();
    let at = snapCalls(), atStats = { ...rt.stats };
    const onTimed = (k: Contender, phase: 'before' | 'after') => {
      if (phase === 'before') {
        at = snapCalls();
        atStats = { ...rt.stats };
        return;
      }
      const now = snapCalls();
      const acc = counted.get(k.name) ?? { calls: { dispatches: 0, submits: 0, maps: 0 }, stats: { dispatches: 0, submits: 0, readbacks: 0, uploads: 0 } };
      for (const key of Object.keys(acc.calls) as (keyof typeof calls)[]) acc.calls[key] += now[key] - at[key];
      for (const key of Object.keys(acc.stats) as (keyof typeof rt.stats)[]) acc.stats[key] += rt.stats[key] - atStats[key];
      counted.set(k.name, acc);
    };
    const res = await race(cs, WARMUP_GPU, onTimed);
    report('gpu', res, 'ours-gpu', WARMUP_GPU);
    const zero = { dispatches: 0, submits: 0, maps: 0 };
    for (const [name, acc] of counted) {
      const n = res.get(name)!.ms.length;
      if (!n) continue;
      if (name === 'ours-gpu') {
        const s = acc.stats;
        console.log(`train-step gpu ours-gpu rt.stats per step: ${(s.dispatches / n).toFixed(0)} dispatches, ${(s.submits / n).toFixed(1)} submits, ${(s.readbacks / n).toFixed(1)} read-backs, ${(s.uploads / n).toFixed(1)} uploads`);
      }
      console.log(`train-step gpu ${name} WebGPU calls per step: ${perStep(zero, acc.calls, n)}`);
    }
    for (const k of cs) k.dispose();
    tfWebgpuDevice()?.destroy();
    rt.destroy();
  }
}
init.release();
process.exit(0);
