/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { wasmKernels } from './scripts/vite-wasm-kernels.mjs';
import { CONTENT_SECURITY_POLICY, cspMeta } from './scripts/vite-csp.mjs';
import { offlineApp } from './scripts/vite-pwa.mjs';

const CROSS_ORIGIN_ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// One config for the app, the unit tests (Node, CPU maths) and the GPU tests (Node + the `webgpu`
// package on SwiftShader). GPU test files end in `.gpu.test.ts` and run one at a time: the software
// adapter already uses every core.
export default defineConfig({
  // './' (relative): the built app works from any folder of any static host, e.g. /course/rlhf/
  // (docs/hosting.md). BASE_PATH=/course/rlhf/ builds absolute URLs instead, if a host needs them.
  base: process.env.BASE_PATH ?? './',
  plugins: [react(), wasmKernels(), cspMeta(), offlineApp()],
  // Cross-origin isolation (COOP + COEP): lets the CPU engine share its WebAssembly memory with
  // helper threads (src/engine/wasm/pool.ts). The app loads nothing from other origins, so
  // require-corp costs nothing. A static host needs the same two headers (README, "Hosting").
  server: { host: '127.0.0.1', port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  // The built app also runs under a Content-Security-Policy (scripts/vite-csp.mjs; README "Hosting").
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: { ...CROSS_ORIGIN_ISOLATION, 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es', plugins: () => [wasmKernels()] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.gpu.test.ts', 'node_modules/**'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          environment: 'node',
          include: ['src/**/*.gpu.test.ts'],
          setupFiles: ['src/engine/gpu/testing/install-globals.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
