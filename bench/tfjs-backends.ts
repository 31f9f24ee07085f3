/**
 * TensorFlow.js backends in Node for the side-by-side benchmarks: `cpu` (plain JS), `wasm`
 * (XNNPACK, loaded from node_modules, never fetched) and `webgpu` on the same Dawn/SwiftShader
 * adapter as our GPU engine. Import bench/node-gpu.ts before this file (WebGPU globals).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { create } from 'webgpu';

export type TfBackendName = 'cpu' | 'wasm' | 'webgpu';

/** Why a backend could not be used, or null once it is active. */
export type TfBackendResult = { ok: true; detail: string } | { ok: false; reason: string };

// Silence tfjs-core's "install tfjs-node for speed" banner: it is about the native binding, which
// is exactly what these comparisons leave out (the app ships to browsers).
tf.env().set('IS_NODE', true);
tf.env().set('PROD', true);

let gpuForTf: GPU | null = null;
let webgpuRegistered = false;
let wasmPathsSet = false;

/**
 * Registers TF.js' webgpu backend on an adapter from the `webgpu` package. TF.js only registers it
 * by itself when `navigator.gpu` exists at import time (Node 20 has no `navigator`), and its
 * constructor checks `navigator.gpu` again, so `navigator` is defined here, pointing at a GPU
 * object from the same Dawn build and driver (SwiftShader) that our engine uses; TF.js gets its
 * own device on that adapter, as two tabs of one browser would.
 */
function registerWebgpu(): void {
  if (webgpuRegistered) return;
  webgpuRegistered = true;
  gpuForTf = create([]);
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu: gpuForTf }, configurable: true, writable: true });
  else if (!g.navigator.gpu) Object.defineProperty(g.navigator, 'gpu', { value: gpuForTf, configurable: true });
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', async () => {
    const adapter = await gpuForTf!.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new Error('no WebGPU adapter from the webgpu package (is VK_ICD_FILENAMES set to SwiftShader?)');
    // The limits TF.js asks for in its own registration, without its malformed
    // ['bgra8unorm-storage'] feature entry (a nested array), which it never needs for compute.
    const l = adapter.limits;
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
    const device = await adapter.requestDevice({
      requiredFeatures,
      requiredLimits: {
        maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      },
      label: 'tfjs',
    });
    return new WebGPUBackend(device, adapter.info);
  }, 1);
}

/** The directory holding the .wasm binaries inside node_modules (a file path: nothing is downloaded). */
function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/';
}

/** Makes `name` the active TF.js backend, or says why it cannot be. */
export async function useTfBackend(name: TfBackendName): Promise<TfBackendResult> {
  try {
    if (name === 'webgpu') registerWebgpu();
    if (name === 'wasm' && !wasmPathsSet) {
      setWasmPaths(wasmDir());
      wasmPathsSet = true;
    }
    const ok = await tf.setBackend(name);
    if (!ok || tf.getBackend() !== name) return { ok: false, reason: `tf.setBackend('${name}') returned false (backend initialisation failed; see the warning above)` };
    await tf.ready();
    return { ok: true, detail: await backendDetail(name) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message ?? String(e) };
  }
}

async function backendDetail(name: TfBackendName): Promise<string> {
  if (name === 'webgpu') {
    const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
    return `TF.js webgpu on ${info?.vendor ?? '?'} ${info?.architecture ?? ''}`.trim();
  }
  if (name === 'wasm') {
    // TF.js turns wasm threads off under Node (tfjs issue #3830), so this is single-threaded.
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return `TF.js wasm (XNNPACK${simd ? ', SIMD' : ''}, one thread)`;
  }
  return 'TF.js cpu (plain JS kernels)';
}

interface WebGpuInternals {
  device: GPUDevice;
}

/** The device TF.js' webgpu backend runs on (to destroy it at exit so Node can quit). */
export function tfWebgpuDevice(): GPUDevice | null {
  const b = tf.findBackend('webgpu') as unknown as WebGpuInternals | null;
  return b?.device ?? null;
}
