// Tiled matmul forward throughput on this adapter: wall time over repeated dispatches after a
// warm-up, for the model's hot shapes — tiny: an MLP-ish projection over a rollout batch
// (N=1280, C=48, OC=192) and the tied LM head for one decode step (N=64, C=48, OC=52); small: the
// qkv, MLP fc and MLP proj products over the feedback batch (N=960 = 64·15). Also the backward
// (one dispatch, shaders/matmul_backward.wgsl) and the CPU reference for scale. And the adapter's
// measured peak (bench/gpu-peak.wgsl: independent vec4 FMAs, no loads), with each small shape's
// share of it — the peak measured right before that shape, so load from other processes falls
// on both. One line per figure; load average printed.
// Run: node scripts/run-ts.mjs bench/matmul.bench.ts   (or npm run bench -- matmul)
import { loadavg } from 'node:os';
import { nodeGpu } from './node-gpu';
import peakCode from './gpu-peak.wgsl?raw';
import { matmulBackward as backwardCpu, matmulForward as forwardCpu } from '../src/engine/cpu/matmul';
import { matmulBackward, matmulForward } from '../src/engine/gpu/kernels/matmul';
import type { Recorder } from '../src/engine/gpu/recorder';
import type { GpuRuntime } from '../src/engine/gpu/runtime';
import { Rng } from '../src/engine/tensor/rng';

const SHAPES = [
  { N: 1280, C: 48, OC: 192, preset: 'tiny' },
  { N: 64, C: 48, OC: 52, preset: 'tiny' },
  { N: 960, C: 128, OC: 384, preset: 'small' },
  { N: 960, C: 128, OC: 512, preset: 'small' },
  { N: 960, C: 512, OC: 128, preset: 'small' },
];

const maybeRt = await nodeGpu({ subgroups: false, timestamps: false });
if (!maybeRt) throw new Error('no WebGPU adapter');
const rt: GpuRuntime = maybeRt;
console.log(`adapter: ${rt.report.description || rt.report.device} (fallback: ${rt.report.isFallbackAdapter}); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

const PEAK_ITERS = 256, PEAK_GROUPS = 64; // 64·64 invocations × 256 rounds × 64 flops = 67 MFLOP
const peakSink = rt.tensor(PEAK_GROUPS * 64);
/** The adapter's measured GFLOP/s: the median of 3 runs of bench/gpu-peak.wgsl. */
async function peakGflops(): Promise<number> {
  const entry = { source: { name: 'gpu-peak', code: peakCode }, entryPoint: 'peak', constants: { ITERS: PEAK_ITERS } };
  const flops = PEAK_GROUPS * 64 * PEAK_ITERS * 64;
  const ms = await timeIt((rec) => rec.dispatch(entry, [peakSink], undefined, [PEAK_GROUPS]), 1);
  const runs = [ms, await timeIt((rec) => rec.dispatch(entry, [peakSink], undefined, [PEAK_GROUPS]), 1), await timeIt((rec) => rec.dispatch(entry, [peakSink], undefined, [PEAK_GROUPS]), 1)];
  return flops / runs.sort((a, b) => a - b)[1] / 1e6;
}

/** Wall ms per repetition of `record`, `reps` repetitions recorded into one submission. */
async function timeIt(record: (rec: Recorder) => void, reps: number): Promise<number> {
  await rt.run('warm-up', record); // pipelines compiled, buffers pooled
  await rt.device.queue.onSubmittedWorkDone();
  const t0 = performance.now();
  await rt.run('bench', (rec) => { for (let i = 0; i < reps; i++) record(rec); });
  await rt.device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / reps;
}

for (const { N, C, OC, preset } of SHAPES) {
  const peak = preset === 'small' ? await peakGflops() : 0;
  const r = new Rng(1);
  const x = { inp: r.normalArray(N * C), w: r.normalArray(OC * C), b: r.normalArray(OC), dout: r.normalArray(N * OC) };
  const inp = rt.tensorFrom(x.inp), w = rt.tensorFrom(x.w), b = rt.tensorFrom(x.b), dout = rt.tensorFrom(x.dout);
  const out = rt.tensor(N * OC), dinp = rt.tensor(N * C), dw = rt.tensor(OC * C), db = rt.tensor(OC);
  const flops = 2 * N * C * OC;
  const tag = `${preset} N=${N} C=${C} OC=${OC}`;
  // Enough repetitions for ~1 s of work at the adapter's rough speed, at least 5.
  const reps = Math.max(5, Math.min(200, Math.round(1e8 / flops)));

  const fwd = await timeIt((rec) => matmulForward(rec, out, inp, w, b, N, C, OC), reps);
  console.log(`matmul forward ${tag}: ${fwd.toFixed(3)} ms/dispatch, ${(flops / fwd / 1e6).toFixed(3)} GFLOP/s (${reps} reps in one submission)${peak ? `; adapter peak measured alongside ${peak.toFixed(2)} GFLOP/s → ${((100 * flops) / fwd / 1e6 / peak).toFixed(0)}% of it` : ''}`);

  // One submission per dispatch: what a lone kernel costs including submit and completion.
  const single: number[] = [];
  for (let i = 0; i < 5; i++) single.push(await timeIt((rec) => matmulForward(rec, out, inp, w, b, N, C, OC), 1));
  const med = single.sort((p, q) => p - q)[2];
  console.log(`matmul forward ${tag}: ${med.toFixed(3)} ms per single submission (median of 5), ${(flops / med / 1e6).toFixed(3)} GFLOP/s`);

  const bwdReps = Math.max(3, Math.round(reps / 2));
  const bwd = await timeIt((rec) => matmulBackward(rec, dinp, dw, db, dout, inp, w, N, C, OC), bwdReps);
  console.log(`matmul backward ${tag}: ${bwd.toFixed(3)} ms (1 dispatch), ${((2 * flops) / bwd / 1e6).toFixed(3)} GFLOP/s${peak ? ` → ${((100 * 2 * flops) / bwd / 1e6 / peak).toFixed(0)}% of the peak` : ''}`);

  const cpuOut = new Float32Array(N * OC);
  const cpuReps = Math.max(3, Math.round(reps / 4));
  let t0 = performance.now();
  for (let i = 0; i < cpuReps; i++) forwardCpu(cpuOut, x.inp, x.w, x.b, N, C, OC);
  const cpuFwd = (performance.now() - t0) / cpuReps;
  t0 = performance.now();
  for (let i = 0; i < cpuReps; i++) backwardCpu(new Float32Array(N * C), new Float32Array(OC * C), new Float32Array(OC), x.dout, x.inp, x.w, N, C, OC);
  const cpuBwd = (performance.now() - t0) / cpuReps;
  console.log(`matmul CPU reference ${tag}: forward ${cpuFwd.toFixed(3)} ms (${(flops / cpuFwd / 1e6).toFixed(3)} GFLOP/s), backward ${cpuBwd.toFixed(3)} ms`);

  for (const v of [inp, w, b, dout, out, dinp, dw, db]) rt.free(v);
}
rt.free(peakSink);
rt.destroy();
