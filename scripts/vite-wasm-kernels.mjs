// Vite plugin: `import { plain, shared } from 'virtual:wasm-kernels'` gives the CPU engine's
// WebAssembly kernels as base64 strings, compiled from src/engine/wasm/assembly/ by
// scripts/wasm-build.mjs (cached). Inlined into the bundle, so the app fetches nothing for them.
// Registered for the app, its workers (Vite bundles workers with their own plugin list) and vitest.
import { wasmKernelsModule, wasmSourceFiles } from './wasm-build.mjs';

const ID = 'virtual:wasm-kernels';
const RESOLVED = `\0${ID}`;

export function wasmKernels() {
  return {
    name: 'rlhf-wasm-kernels',
    resolveId(source) {
      return source === ID ? RESOLVED : null;
    },
    async load(id) {
      if (id !== RESOLVED) return null;
      for (const f of wasmSourceFiles()) this.addWatchFile(f);
      return wasmKernelsModule();
    },
  };
}
