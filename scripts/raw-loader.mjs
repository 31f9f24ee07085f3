// Node module-loader hooks: `import text from './x.wgsl?raw'` yields the file's text (as in Vite),
// and `'virtual:wasm-kernels'` the CPU engine's WebAssembly kernels (built by wasm-build.mjs, as the
// Vite plugin scripts/vite-wasm-kernels.mjs does for the app and the tests).
import { readFile } from 'node:fs/promises';

const WASM_KERNELS = 'virtual:wasm-kernels';

export async function resolve(specifier, context, nextResolve) {
  if (specifier === WASM_KERNELS) return { url: 'rlhf-wasm:kernels', shortCircuit: true };
  if (specifier.endsWith('?raw')) {
    const url = new URL(specifier.slice(0, -4), context.parentURL);
    return { url: `${url.href}?raw`, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url === 'rlhf-wasm:kernels') {
    const { wasmKernelsModule } = await import('./wasm-build.mjs');
    return { format: 'module', source: await wasmKernelsModule(), shortCircuit: true };
  }
  if (url.endsWith('?raw')) {
    const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
