/**
 * Builds e2e/pages/onnx.html with Vite (a production build, like the app's) and serves it with
 * `vite preview` on 127.0.0.1 (a secure context, so navigator.gpu exists). Used by e2e/onnx.spec.ts
 * and bench/onnx-browser.bench.ts. Returns the emitted asset names so callers can check that
 * onnxruntime's .wasm is part of the build (served locally, no CDN).
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { wasmKernels } from '../../scripts/vite-wasm-kernels.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export interface OnnxPageServer {
  url: string;
  /** Files under assets/ in the build. */
  assets: string[];
  close(): Promise<void>;
}

export async function serveOnnxPage(port = Number(process.env.E2E_PORT ?? 4173) + 6): Promise<OnnxPageServer> {
  const outDir = resolve(here, '../../test-results/onnx-page');
  const common = { configFile: false as const, root: here, base: './', logLevel: 'warn' as const };
  await build({
    ...common,
    // The CPU engine's WebAssembly kernels (virtual:wasm-kernels), in the page and in its pool's workers, as in vite.config.ts.
    plugins: [wasmKernels()],
    worker: { format: 'es', plugins: () => [wasmKernels()] },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000, rollupOptions: { input: join(here, 'onnx.html') } },
  });
  const server: PreviewServer = await preview({ ...common, build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true } });
  return {
    url: `http://127.0.0.1:${port}/onnx.html`,
    assets: readdirSync(join(outDir, 'assets')),
    close: () => server.close(),
  };
}
