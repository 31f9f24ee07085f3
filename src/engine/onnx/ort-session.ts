/**
 * A thin wrapper around onnxruntime-web, the same code in Node (tests, scripts) and in the browser.
 *
 * Loading the wasm without a network: `import('onnxruntime-web')` resolves per environment through
 * the package's `exports` map. In Node it picks `dist/ort.node.min.mjs`, which loads
 * `ort-wasm-simd-threaded.{mjs,wasm}` from its own directory (node_modules/onnxruntime-web/dist/)
 * through the file system — nothing is fetched. In the browser Vite bundles `dist/ort.bundle.min.mjs`
 * and emits the .wasm it references (`new URL(..., import.meta.url)`) as an asset served by the app
 * itself. `wasmPaths` overrides both (a directory URL/path ending in "/", or a file map).
 *
 * onnxruntime reads `env.wasm` once, when the first session is created, so the options of the first
 * `createOrtSession` call win; later calls with different wasm options get an error instead of being
 * silently ignored. One thread by default: multi-threading needs cross-origin isolation in browsers
 * and workers in Node, and the tests share two cores.
 *
 * The module is imported lazily so the app bundle only pays for onnxruntime when a model is opened.
 */
import type * as OrtModule from 'onnxruntime-web';

type Ort = typeof OrtModule;

export type ExecutionProvider = 'wasm' | 'webgpu' | 'cpu';

export interface OrtOptions {
  /** In order of preference; onnxruntime falls back along the list. Default ['wasm']. */
  executionProviders?: ExecutionProvider[];
  /** wasm threads; default 1. */
  numThreads?: number;
  /** Where the .wasm/.mjs files live, when the default resolution does not fit the deployment. */
  wasmPaths?: string | { wasm?: string; mjs?: string };
  /**
   * Session log level, 0 (verbose) … 4 (fatal); default 3 (errors only): at 2 every WebGPU session
   * warns on the console that shape ops were placed on the CPU, which is expected and harmless.
   */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
}

/** A float or integer tensor handed to / returned from a session; int64 travels as BigInt64Array. */
export interface HostTensor {
  type: 'float32' | 'int32' | 'int64' | 'bool';
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
  dims: readonly number[];
}

let ortPromise: Promise<Ort> | null = null;
let wasmSettings: string | null = null;

/** Imports onnxruntime-web once and applies the wasm settings before any session exists. */
export async function loadOrt(opts: OrtOptions = {}): Promise<Ort> {
  const settings = JSON.stringify({ numThreads: opts.numThreads ?? 1, wasmPaths: opts.wasmPaths ?? null });
  if (wasmSettings !== null && wasmSettings !== settings) {
    throw new Error(`onnxruntime is already initialised with ${wasmSettings}; cannot switch to ${settings}`);
  }
  wasmSettings = settings;
  ortPromise ??= import('onnxruntime-web').then((ort) => {
    ort.env.wasm.numThreads = opts.numThreads ?? 1;
    ort.env.wasm.proxy = false;
    if (opts.wasmPaths) ort.env.wasm.wasmPaths = opts.wasmPaths;
    ort.env.logLevel = 'error';
    return ort;
  }).catch((e: unknown) => {
    // Let a later call retry (e.g. after fixing wasmPaths) instead of caching the failure.
    ortPromise = null;
    wasmSettings = null;
    throw e;
  });
  return ortPromise;
}

/** Converts token ids (or a 0/1 mask) to an int64 tensor, the type ONNX language models take. */
export function int64Tensor(values: ArrayLike<number>, dims: readonly number[]): HostTensor {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]);
  return { type: 'int64', data, dims };
}

export class OrtSession {
  private constructor(
    private readonly ort: Ort,
    private readonly session: OrtModule.InferenceSession,
  ) {}

  static async create(bytes: Uint8Array, opts: OrtOptions = {}): Promise<OrtSession> {
    const ort = await loadOrt(opts);
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: opts.executionProviders ?? ['wasm'],
      graphOptimizationLevel: 'all',
      logSeverityLevel: opts.logSeverityLevel ?? 3,
    });
    return new OrtSession(ort, session);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the graph; returns the requested outputs (all by default) as host arrays. */
  async run(feeds: Record<string, HostTensor>, outputs?: string[]): Promise<Record<string, HostTensor>> {
    const ortFeeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new this.ort.Tensor(t.type, t.data, t.dims);
    const result = outputs ? await this.session.run(ortFeeds, outputs) : await this.session.run(ortFeeds);
    const out: Record<string, HostTensor> = {};
    for (const [name, t] of Object.entries(result)) {
      // getData() downloads from the GPU when the WebGPU EP kept the output there; the copy keeps
      // the values valid after dispose() whatever memory the EP handed out.
      const data = ((await t.getData()) as HostTensor['data']).slice();
      out[name] = { type: t.type as HostTensor['type'], data, dims: t.dims };
      t.dispose();
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Shorthand: one session from model bytes. */
export function createOrtSession(bytes: Uint8Array, opts: OrtOptions = {}): Promise<OrtSession> {
  return OrtSession.create(bytes, opts);
}
