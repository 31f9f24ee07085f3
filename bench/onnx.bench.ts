// Forward pass of the same model: our CPU engine vs onnxruntime-web (wasm EP, Node) on the exported
// ONNX graph, presets tiny and small, B=64 sequences of S=15 tokens (the reviews scenario's P+T, the
// shape of PPO's feedback phase), LM head (logits (B,S,V) back in a Float32Array on both sides).
// Our engine on each of its kernel sets (src/engine/backends/cpu-backend.ts: 'wasm' float32 SIMD,
// 'wasm-exact' float64 SIMD matmul, 'ts' TypeScript). All single-threaded (ORT's
// env.wasm.numThreads = 1). Median of 7 runs, all measured in alternation, after a warm-up of ≥ 2
// calls and ≥ 2 s each; one line per figure.
//
// The WebGPU comparison (ORT's WebGPU EP vs our GPU engine on the same adapter) runs in Chromium:
// bench/onnx-browser.bench.ts. ORT's WebGPU EP does not run in Node on the `webgpu` (Dawn) package:
// see the note printed at the end.
// Run: npm run bench -- onnx   (both files)   or   node scripts/run-ts.mjs bench/onnx.bench.ts
import { CpuBackend, type CpuKernels } from '../src/engine/backends/cpu-backend';
import type { PresetName } from '../src/engine/model/config';
import { caseModel, caseOnnx, crossCase, diffSummary, runCase } from '../src/engine/onnx/cross-check';
import { createOrtSession } from '../src/engine/onnx/ort-session';

const B = 64, S = 15, WARMUP = 2, RUNS = 7;
const PRESETS: PresetName[] = ['tiny', 'small'];

const med = (t: number[]) => [...t].sort((a, b) => a - b)[t.length >> 1];

/** Medians of `fs`, measured in alternation (a, b, a, b, …) so that load from other processes hits both alike. */
async function medians(fs: (() => Promise<unknown> | unknown)[]): Promise<number[]> {
  // Warm-up: at least WARMUP calls and 2 s each, so V8 has tiered up our JS and ORT's wasm.
  for (const f of fs) {
    const t0 = performance.now();
    for (let i = 0; i < WARMUP || performance.now() - t0 < 2000; i++) await f();
  }
  const t: number[][] = fs.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (let j = 0; j < fs.length; j++) {
      const t0 = performance.now();
      await fs[j]();
      t[j].push(performance.now() - t0);
    }
  }
  return t.map(med);
}

const { loadavg } = await import('node:os');
console.log(`forward pass, LM head, B=${B} S=${S}, median of ${RUNS} (alternating) after ≥ ${WARMUP} warm-ups and ≥ 2 s each, ms per forward; load average ${loadavg()[0].toFixed(1)}`);
for (const preset of PRESETS) {
  const c = crossCase(preset, 'lm', { B, S, seed: 3 });
  const { channels: C, layers: L, heads: H, vocabSize: V } = c.config;
  const tag = `${preset} (C=${C} L=${L} H=${H} V=${V})`;

  const kernels: CpuKernels[] = ['wasm', 'wasm-exact', 'ts'];
  const models = kernels.map((k) => caseModel(new CpuBackend({ kernels: k }), c));
  const session = await createOrtSession(caseOnnx(c), { executionProviders: ['wasm'] });
  const times = await medians([
    ...models.map((model) => () => {
      model.forward(c.tokens, B, S);
      return model.output().slice(); // a copy, as ORT hands back a fresh array
    }),
    () => runCase(session, c),
  ]);
  const ort = times[kernels.length];
  const ortOut = await runCase(session, c);
  await session.release();

  console.log(`onnx ${tag}: onnxruntime-web wasm (1 thread) ${ort.toFixed(2)} ms (load average ${loadavg()[0].toFixed(1)})`);
  kernels.forEach((k, i) => {
    const check = diffSummary(models[i].output(), ortOut);
    console.log(`onnx ${tag}: our CPU engine (${k}) ${times[i].toFixed(2)} ms; ratio ORT wasm / ours = ${(ort / times[i]).toFixed(2)} (>1: ours faster); outputs agree within ${check.scaled.toExponential(1)} scaled`);
  });
}
console.log('onnx WebGPU EP in Node: not measured here — with the `webgpu` (Dawn) package, onnxruntime-web/webgpu fails in queue.writeBuffer on views of its shared wasm memory, and with that shimmed the session blocks at its first read-back (mapAsync never resolves, the event loop stalls); see bench/onnx-browser.bench.ts for ORT WebGPU EP vs our GPU engine in Chromium.');
