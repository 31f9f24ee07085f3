// Where a TF.js training step spends its time: one step of bench/tfjs-gpt.ts (tiny, V=52, the
// train-step batch) under tf.profile, kernels grouped by name and input shapes, heaviest first.
// On webgpu the kernel times come from timestamp queries (the device asks for timestamp-query);
// on cpu/wasm they are wall times. Explains the ratios of bench/train-step.bench.ts, not a ratio.
// Run: node scripts/run-ts.mjs bench/tfjs-kernels.ts [cpu|wasm|webgpu] [top=15]
import './node-gpu';
import * as tf from '@tensorflow/tfjs';
import { tfWebgpuDevice, useTfBackend, type TfBackendName } from './tfjs-backends';
import { ADAMW, V, randomBatch } from './tfjs-common';
import { TfGpt, disposeBatch, tfBatch } from './tfjs-gpt';
import { presetConfig } from '../src/engine/model/config';
import { initParams, namedParams, paramLayout } from '../src/engine/model/params';

const backend = (process.argv[2] ?? 'cpu') as TfBackendName;
const top = Number(process.argv[3] ?? 15);
const r = await useTfBackend(backend);
if (!r.ok) {
  console.log(`tfjs-kernels ${backend}: NOT RUN — ${r.reason}`);
  process.exit(1);
}
const cfg = presetConfig('tiny', V);
const layout = paramLayout(cfg, 'lm');
const flat = new Float32Array(layout.size);
initParams(flat, layout, cfg, 1);
const batch = randomBatch(1);
const model = new TfGpt(cfg, namedParams(flat, layout));
const b = tfBatch(batch.tokens, batch.targets, batch.B, batch.S, V);
tf.dispose(model.trainStep(b, ADAMW)); // warm-up: pipelines compiled
await tf.ready();
const t0 = performance.now();
const prof = await tf.profile(async () => {
  const loss = model.trainStep(b, ADAMW);
  await loss.data();
  return loss;
});
const wall = performance.now() - t0;
const groups = new Map<string, { n: number; ms: number }>();
let total = 0;
for (const k of prof.kernels) {
  const ms = Number(await k.kernelTimeMs) || 0;
  total += ms;
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const g = groups.get(key) ?? { n: 0, ms: 0 };
  g.n += 1;
  g.ms += ms;
  groups.set(key, g);
}
console.log(`tfjs-kernels ${backend}: ${prof.kernels.length} kernels in one step, Σ kernel time ${total.toFixed(0)} ms, wall ${wall.toFixed(0)} ms (profiled), peak ${(prof.peakBytes / 1024).toFixed(0)} KiB`);
for (const [key, g] of [...groups].sort((x, y) => y[1].ms - x[1].ms).slice(0, top)) {
  console.log(`tfjs-kernels ${backend}: ${g.ms.toFixed(1).padStart(8)} ms ${((100 * g.ms) / total).toFixed(1).padStart(5)}%  ×${g.n}  ${key}`);
}
tf.dispose(prof.result as tf.Tensor);
disposeBatch(b);
model.dispose();
tfWebgpuDevice()?.destroy();
process.exit(0);
