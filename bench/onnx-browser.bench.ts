// Forward pass of the same model in Chromium: onnxruntime-web's WebGPU EP vs our GPU engine on the
// same adapter (navigator.gpu; SwiftShader on machines without a GPU), and ORT's wasm EP vs our CPU
// engine, on the exported ONNX graph. Presets tiny and small, B=64 sequences of S=15 tokens (reviews
// P+T), LM head, logits read back to the CPU on both sides. Median of RUNS (default 5, env
// ONNX_BENCH_RUNS) after one warm-up run (pipelines/shaders compiled). One line per figure.
//
// Drives e2e/pages/onnx.html (a Vite production build, served on 127.0.0.1:4179) with Playwright and
// Debian's chromium (CHROMIUM_PATH to override). On SwiftShader this takes several minutes: ORT's
// WebGPU EP needs ~10 s (tiny) and ~45 s (small) per forward there.
// Run: npm run bench -- onnx-browser   (or node scripts/run-ts.mjs bench/onnx-browser.bench.ts)
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import type { BenchRow, OnnxPageApi } from '../e2e/pages/onnx-page';
import { serveOnnxPage } from '../e2e/pages/serve-onnx-page';

const B = 64, S = 15;
const RUNS = Math.max(5, Number(process.env.ONNX_BENCH_RUNS ?? 5));
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const args = ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
type Win = { onnxPage: OnnxPageApi };

const med = (t: number[]) => [...t].sort((a, b) => a - b)[t.length >> 1];

const server = await serveOnnxPage();
const browser = await chromium.launch({ executablePath, args });
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready');
  const adapter = await page.evaluate(() => (window as unknown as Win).onnxPage.adapter());
  console.log(`adapter: ${adapter.description} (fallback: ${adapter.isFallbackAdapter}); LM head, B=${B} S=${S}, median of ${RUNS} after 1 warm-up, ms per forward; load average ${loadavg()[0].toFixed(1)}`);
  for (const preset of ['tiny', 'small'] as const) {
    const row: BenchRow = await page.evaluate(([p, b, s, runs]) => (window as unknown as Win).onnxPage.bench(p, b, s, 1, runs), [preset, B, S, RUNS] as const);
    const m = Object.fromEntries(Object.entries(row.ms).map(([k, v]) => [k, med(v)])) as Record<keyof BenchRow['ms'], number>;
    console.log(`onnx-browser ${preset}: our GPU engine ${m.ourGpu.toFixed(1)} ms`);
    console.log(`onnx-browser ${preset}: onnxruntime-web WebGPU EP ${m.ortWebgpu.toFixed(1)} ms`);
    console.log(`onnx-browser ${preset}: ratio ORT WebGPU / our GPU engine = ${(m.ortWebgpu / m.ourGpu).toFixed(2)} (>1: ours faster)`);
    console.log(`onnx-browser ${preset}: our CPU engine ${m.ourCpu.toFixed(1)} ms`);
    console.log(`onnx-browser ${preset}: onnxruntime-web wasm (1 thread) ${m.ortWasm.toFixed(1)} ms`);
    console.log(`onnx-browser ${preset}: ratio ORT wasm / our CPU engine = ${(m.ortWasm / m.ourCpu).toFixed(2)} (>1: ours faster)`);
  }
} finally {
  await browser.close();
  await server.close();
}
