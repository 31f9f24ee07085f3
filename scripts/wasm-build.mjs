// Builds the CPU engine's WebAssembly SIMD kernels (src/engine/wasm/assembly/, AssemblyScript)
// with the AssemblyScript compiler from node_modules — nothing prebuilt is fetched or committed.
// Two binaries from one source: `plain` imports an ordinary memory, `shared` a shared one (for the
// worker pool, and because a shared memory's views stay valid when it grows; see
// src/engine/wasm/arena.ts). Results are cached by a hash of the sources, the compiler version and
// the flags under node_modules/.cache/rlhf-wasm/, so only a changed source recompiles (~3 s).
//
// Used by the Vite plugin (scripts/vite-wasm-kernels.mjs: `npm start`, `npm run build`, vitest) and
// by the Node loader hook (scripts/raw-loader.mjs: `npm run train`, `pretrain`, `bench`).
// `node scripts/wasm-build.mjs` builds both and prints their sizes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WASM_SOURCE_DIR = join(root, 'src', 'engine', 'wasm', 'assembly');
const CACHE_DIR = join(root, 'node_modules', '.cache', 'rlhf-wasm');

const COMMON = ['--enable', 'simd', '--importMemory', '--noExportMemory', '--runtime', 'stub', '-O3', '--noAssert'];
export const VARIANTS = {
  plain: COMMON,
  // 65536 pages = 4 GiB, the most a 32-bit memory can have: any shared memory the JS side creates fits under it.
  shared: [...COMMON, '--sharedMemory', '--maximumMemory', '65536', '--enable', 'threads'],
};

export function wasmSourceFiles() {
  return readdirSync(WASM_SOURCE_DIR).filter((f) => f.endsWith('.ts')).sort().map((f) => join(WASM_SOURCE_DIR, f));
}

function cacheKey(variant) {
  const h = createHash('sha256');
  h.update(JSON.parse(readFileSync(join(root, 'node_modules', 'assemblyscript', 'package.json'), 'utf8')).version);
  h.update(JSON.stringify(VARIANTS[variant]));
  for (const f of wasmSourceFiles()) h.update(f.slice(WASM_SOURCE_DIR.length)).update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/** The binary of one variant ('plain' | 'shared'), from the cache or freshly compiled. */
export async function buildWasm(variant) {
  if (!VARIANTS[variant]) throw new Error(`unknown wasm variant "${variant}"`);
  const cached = join(CACHE_DIR, `kernels-${variant}-${cacheKey(variant)}.wasm`);
  if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
  const { default: asc } = await import('assemblyscript/asc');
  let binary = null;
  const stderr = [];
  const { error } = await asc.main([join(WASM_SOURCE_DIR, 'index.ts'), ...VARIANTS[variant], '--outFile', 'kernels.wasm'], {
    writeFile: (name, contents) => { if (name.endsWith('.wasm')) binary = contents; },
    stdout: { write: () => true },
    stderr: { write: (s) => { stderr.push(String(s)); return true; } },
  });
  if (error || !binary) throw new Error(`AssemblyScript build of the wasm kernels (${variant}) failed:\n${stderr.join('')}${error ?? ''}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`; // rename: concurrent builds never see half a file
  writeFileSync(tmp, binary);
  renameSync(tmp, cached);
  return binary;
}

/** Both binaries as base64 strings: the module text the app imports as 'virtual:wasm-kernels'. */
export async function wasmKernelsModule() {
  const plain = await buildWasm('plain'); // one after the other: the compiler keeps global state
  const shared = await buildWasm('shared');
  const b64 = (u8) => Buffer.from(u8).toString('base64');
  return `export const plain = ${JSON.stringify(b64(plain))};\nexport const shared = ${JSON.stringify(b64(shared))};\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const v of Object.keys(VARIANTS)) {
    const t0 = Date.now();
    const b = await buildWasm(v);
    console.log(`wasm kernels (${v}): ${b.length} bytes in ${Date.now() - t0} ms`);
  }
}
