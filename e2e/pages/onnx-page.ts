/**
 * Test page for ONNX interop in a real browser: the engines and onnxruntime-web (bundled by Vite,
 * its .wasm served by the same server) side by side. Exposes `window.onnxPage` for
 * e2e/onnx.spec.ts (cross-checks: ORT's WebGPU or wasm EP vs our CPU engine, in the page) and
 * bench/onnx-browser.bench.ts (forward-pass timings: ORT WebGPU EP vs our GPU engine on the same
 * adapter, ORT wasm vs our CPU engine).
 */
import { CpuBackend } from '../../src/engine/backends/cpu-backend';
import { GpuBackend } from '../../src/engine/backends/gpu-backend';
import { acquireGpu } from '../../src/engine/gpu/device';
import type { GpuRuntime } from '../../src/engine/gpu/runtime';
import type { Backend } from '../../src/engine/model/backend';
import type { PresetName } from '../../src/engine/model/config';
import { caseModel, caseOnnx, crossCase, diffSummary, engineOutput, runCase } from '../../src/engine/onnx/cross-check';
import { createOrtSession, type ExecutionProvider } from '../../src/engine/onnx/ort-session';
import type { OnnxHead } from '../../src/engine/onnx/spec';

export interface CheckRow {
  preset: PresetName;
  head: OnnxHead;
  ep: ExecutionProvider;
  B: number;
  S: number;
  /** max |engine − ORT| / max(1, |ORT|) and max |engine − ORT|. */
  scaled: number;
  abs: number;
}

export interface BenchRow {
  preset: PresetName;
  B: number;
  S: number;
  /** Milliseconds per forward (input already on the device for our engine; ORT feeds from the CPU), after warm-up. */
  ms: Record<'ourGpu' | 'ortWebgpu' | 'ourCpu' | 'ortWasm', number[]>;
}

let runtime: Promise<GpuRuntime> | null = null;
const gpu = (): Promise<GpuRuntime> => (runtime ??= acquireGpu(navigator.gpu));

async function crossCheck(preset: PresetName, head: OnnxHead, ep: ExecutionProvider): Promise<CheckRow> {
  const c = crossCase(preset, head, { seed: 11 });
  const engine = await engineOutput(new CpuBackend(), c);
  const session = await createOrtSession(caseOnnx(c), { executionProviders: [ep] });
  try {
    const ort = await runCase(session, c);
    const d = diffSummary(engine, ort);
    return { preset, head, ep, B: c.B, S: c.S, scaled: d.scaled, abs: d.abs };
  } finally {
    await session.release();
  }
}

/** Median-ready samples of `f` after `warmup` untimed calls. */
async function timeIt(f: () => Promise<unknown>, warmup: number, runs: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await f();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

async function engineTimes<F, I>(be: Backend<F, I>, preset: PresetName, B: number, S: number, warmup: number, runs: number): Promise<number[]> {
  const c = crossCase(preset, 'lm', { B, S, seed: 3 });
  const model = caseModel(be, c);
  const tokens = be.ints(B * S, 'bench.tokens');
  be.uploadInts(tokens, c.tokens);
  const times = await timeIt(async () => {
    model.forward(tokens, B, S);
    await be.read(model.output()); // the logits back on the CPU, as ORT returns them
  }, warmup, runs);
  be.release(tokens);
  model.release();
  return times;
}

async function ortTimes(ep: ExecutionProvider, preset: PresetName, B: number, S: number, warmup: number, runs: number): Promise<number[]> {
  const c = crossCase(preset, 'lm', { B, S, seed: 3 });
  const session = await createOrtSession(caseOnnx(c), { executionProviders: [ep] });
  try {
    return await timeIt(() => runCase(session, c), warmup, runs);
  } finally {
    await session.release();
  }
}

async function bench(preset: PresetName, B: number, S: number, warmup = 1, runs = 5, which: (keyof BenchRow['ms'])[] = ['ourGpu', 'ortWebgpu', 'ourCpu', 'ortWasm']): Promise<BenchRow> {
  const ms: BenchRow['ms'] = { ourGpu: [], ortWebgpu: [], ourCpu: [], ortWasm: [] };
  if (which.includes('ourGpu')) ms.ourGpu = await engineTimes(new GpuBackend(await gpu()), preset, B, S, warmup, runs);
  if (which.includes('ortWebgpu')) ms.ortWebgpu = await ortTimes('webgpu', preset, B, S, warmup, runs);
  if (which.includes('ourCpu')) ms.ourCpu = await engineTimes(new CpuBackend(), preset, B, S, warmup, runs);
  if (which.includes('ortWasm')) ms.ortWasm = await ortTimes('wasm', preset, B, S, warmup, runs);
  return { preset, B, S, ms };
}

async function adapter(): Promise<{ description: string; isFallbackAdapter: boolean }> {
  const rt = await gpu();
  const r = rt.report;
  return { description: [r.vendor, r.architecture, r.device, r.description].filter(Boolean).join(' / '), isFallbackAdapter: r.isFallbackAdapter };
}

const api = { crossCheck, bench, adapter };
export type OnnxPageApi = typeof api;
(window as unknown as { onnxPage: OnnxPageApi }).onnxPage = api;
const status = document.getElementById('status')!;
status.textContent = 'ready';
status.dataset.state = 'ready';
