// GAE on the GPU: the sequential kernel (one invocation per row, T steps) against the affine-map
// scan (one workgroup per row), side by side in one process on one adapter (docs/conventions.md §6: absolute
// times only hold on that adapter, so the ratio is the figure). GPU time from timestamp queries
// where the adapter has them; wall time (submit → onSubmittedWorkDone) over REPS repetitions after
// WARMUP, with the profiler off so that per-dispatch passes and stamp read-backs do not count.
// Run: npm run bench -- gae
import { nodeGpu } from './node-gpu';
import { GAE_SCAN_TILE, gaeForward, type GaeScanTile, type GaeVariant } from '../src/engine/gpu/kernels/gae';
import type { GpuRuntime } from '../src/engine/gpu/runtime';
import { gae as gaeCpu } from '../src/engine/rl/gae';
import { maxAbsDiff } from '../src/engine/tensor/compare';
import { Rng } from '../src/engine/tensor/rng';

const SHAPES: [number, number][] = [[64, 256], [64, 1024]];
// The scan twice: with its default tile (64 invocations × 4 positions, sized for hardware GPUs) and
// with a narrow one (4 × 64: one SIMD group on SwiftShader, where every workgroup barrier switches
// between the groups of a workgroup and wide workgroups cost far more than their work).
const NARROW: GaeScanTile = { wg: 4, items: 64 };
const VARIANTS: { name: string; variant: GaeVariant; tile?: GaeScanTile }[] = [
  { name: 'sequential', variant: 'sequential' },
  { name: `scan ${GAE_SCAN_TILE.wg}×${GAE_SCAN_TILE.items}`, variant: 'scan' },
  { name: `scan ${NARROW.wg}×${NARROW.items}`, variant: 'scan', tile: NARROW },
];
const GAMMA = 0.99, LAMBDA = 0.95;
const WARMUP = 2, REPS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

async function timeShape(rt: GpuRuntime, B: number, T: number, profiling: boolean) {
  const rng = new Rng(B * T);
  const r = rng.normalArray(B * T), V = rng.normalArray(B * T), m = new Float32Array(B * T);
  for (let b = 0; b < B; b++) m.fill(1, b * T, b * T + T - ((b * 37) % (T / 2))); // ragged rows
  const [gr, gV, gm] = [r, V, m].map((x) => rt.tensorFrom(x));
  const adv = rt.tensor(B * T), ret = rt.tensor(B * T);
  const want = new Float32Array(B * T), wantR = new Float32Array(B * T);
  gaeCpu(want, wantR, r, V, m, B, T, GAMMA, LAMBDA);
  const record = ({ variant, tile }: (typeof VARIANTS)[number]) => (rec: Parameters<Parameters<GpuRuntime['run']>[1]>[0]) =>
    gaeForward(rec, adv, ret, gr, gV, gm, B, T, GAMMA, LAMBDA, variant, tile);

  const out: Record<string, { wall: number; gpu: number | null; err: number }> = {};
  for (const variant of VARIANTS) {
    const profiler = rt.profiler;
    rt.profiler = null; // wall time without per-dispatch passes or stamp read-backs
    for (let i = 0; i < WARMUP; i++) await rt.run('gae warm-up', record(variant));
    await rt.device.queue.onSubmittedWorkDone();
    const walls: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      await rt.run('gae', record(variant));
      await rt.device.queue.onSubmittedWorkDone();
      walls.push(performance.now() - t0);
    }
    rt.profiler = profiler;
    const err = maxAbsDiff(await rt.read(adv), want); // the timed kernel must also be right

    let gpu: number | null = null;
    if (profiling && rt.profiler) {
      rt.profiler.reset();
      for (let i = 0; i < REPS; i++) await rt.run('gae profiled', record(variant));
      const t = rt.profiler.report()[0];
      gpu = t.totalMs / t.calls;
    }
    out[variant.name] = { wall: median(walls), gpu, err };
  }
  for (const v of [gr, gV, gm, adv, ret]) rt.free(v);
  return out;
}

const rt = await nodeGpu({ subgroups: false });
if (!rt) {
  console.log('gae: no WebGPU adapter, nothing measured');
  process.exit(0);
}
const profiling = rt.enableProfiling();
console.log(`adapter: ${rt.report.description || rt.report.device}${rt.report.isFallbackAdapter ? ' (software fallback)' : ''}; timestamps: ${profiling ? 'yes' : 'no'}; ${REPS} reps after ${WARMUP} warm-up`);
for (const [B, T] of SHAPES) {
  const res = await timeShape(rt, B, T, profiling);
  for (const { name } of VARIANTS) {
    const x = res[name];
    console.log(`gae B=${B} T=${T} ${name.padEnd(11)}: wall ${fmt(x.wall)} (median)${x.gpu !== null ? `, GPU ${fmt(x.gpu)} (timestamps, mean)` : ''}; max |GPU−CPU| ${x.err.toExponential(1)}`);
  }
  const s = res[VARIANTS[0].name];
  for (const { name } of VARIANTS.slice(1)) {
    const p = res[name];
    console.log(`gae B=${B} T=${T} ${name} vs sequential: ${(p.wall / s.wall).toFixed(2)}× the wall time${s.gpu !== null && p.gpu !== null ? `, ${(p.gpu / s.gpu).toFixed(2)}× the GPU time` : ''}`);
  }
}
rt.destroy();
