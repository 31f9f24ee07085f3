/** The CPU engine's WebAssembly kernels, base64 (scripts/vite-wasm-kernels.mjs, scripts/raw-loader.mjs). */
declare module 'virtual:wasm-kernels' {
  /** Imports an ordinary memory. */
  export const plain: string;
  /** Imports a shared memory (worker pool; views survive growth). */
  export const shared: string;
}
