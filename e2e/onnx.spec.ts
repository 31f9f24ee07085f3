import { expect, test } from '@playwright/test';
import type { CheckRow, OnnxPageApi } from './pages/onnx-page';
import { serveOnnxPage, type OnnxPageServer } from './pages/serve-onnx-page';

// onnxruntime-web in Chromium: the exported graph run by ORT's WebGPU execution provider (here on
// SwiftShader, the adapter our GPU engine also uses) equals our CPU engine run in the same page, for
// every preset (micro, tiny, small) and head (same seeded cases as src/engine/onnx/engine-vs-ort.test.ts:
// std 1/√C weights, perturbed LayerNorms, B = 3, S = 31, right-padded rows). Tolerance 1e-4 scaled
// (|Δ| / max(1, |ORT|)); both compute in float32. The page is a Vite production build, and every
// request stays on the local server: ORT's .wasm is emitted by the build, not fetched from a CDN.

let server: OnnxPageServer;
test.beforeAll(async () => {
  server = await serveOnnxPage();
});
test.afterAll(async () => {
  await server?.close();
});

const TOL = 1e-4;
type Win = { onnxPage: OnnxPageApi };

test('ORT WebGPU EP = our CPU engine on exported models, all assets served locally', async ({ page }) => {
  test.setTimeout(300_000);
  expect(server.assets.some((a) => /^ort-wasm-simd-threaded\.jsep-.*\.wasm$/.test(a)), server.assets.join(', ')).toBe(true);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto(server.url);
  await expect(page.locator('#status')).toHaveAttribute('data-state', 'ready');
  const adapter = await page.evaluate(() => (window as unknown as Win).onnxPage.adapter());
  console.log(`adapter: ${adapter.description} (fallback: ${adapter.isFallbackAdapter})`);

  const rows: CheckRow[] = [];
  for (const preset of ['micro', 'tiny', 'small'] as const) {
    for (const head of ['lm', 'value', 'reward'] as const) {
      const row = await page.evaluate(([p, h]) => (window as unknown as Win).onnxPage.crossCheck(p, h, 'webgpu'), [preset, head] as const);
      console.log(`[onnx browser] ORT ${row.ep} vs CPU engine ${row.preset}/${row.head} B=${row.B} S=${row.S}: scaled ${row.scaled.toExponential(2)} (abs ${row.abs.toExponential(2)})`);
      rows.push(row);
    }
  }
  for (const r of rows) expect(r.scaled, `${r.preset}/${r.head}`).toBeLessThan(TOL);

  const wasm = requests.filter((u) => u.endsWith('.wasm'));
  expect(wasm.length, 'ORT fetched its wasm').toBeGreaterThan(0);
  const foreign = requests.filter((u) => !u.startsWith('http://127.0.0.1:'));
  expect(foreign, 'requests outside the local server').toEqual([]);
  expect(errors).toEqual([]);
});
