import { WebGpuUnavailableError } from './errors';
import { GpuRuntime, type AdapterReport } from './runtime';

export interface AcquireOptions {
  /** Use the subgroup reduction path when the adapter has it (default true). */
  subgroups?: boolean;
  /** Ask for timestamp-query when the adapter has it (default true). */
  timestamps?: boolean;
  powerPreference?: GPUPowerPreference;
}

const LIMITS_WANTED = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

/**
 * Gets an adapter and a device from `gpu` (navigator.gpu in the page, the `webgpu` package in
 * Node) with the adapter's full limits for the ones the engine needs, subgroups and timestamp
 * queries where present. Throws WebGpuUnavailableError with the reason otherwise.
 */
export async function acquireGpu(gpu: GPU | undefined | null, options: AcquireOptions = {}): Promise<GpuRuntime> {
  if (!gpu) throw new WebGpuUnavailableError('this browser has no navigator.gpu (WebGPU is off or not supported)');
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  } catch (e) {
    throw new WebGpuUnavailableError(`requestAdapter failed: ${(e as Error).message}`);
  }
  if (!adapter) throw new WebGpuUnavailableError('no WebGPU adapter is available (blocked, or no usable GPU driver)');

  const has = (f: string) => adapter.features.has(f as GPUFeatureName);
  const wantSubgroups = (options.subgroups ?? true) && has('subgroups');
  const wantTimestamps = (options.timestamps ?? true) && has('timestamp-query');
  const requiredFeatures: GPUFeatureName[] = [];
  if (wantSubgroups) requiredFeatures.push('subgroups' as GPUFeatureName);
  if (wantTimestamps) requiredFeatures.push('timestamp-query');
  const requiredLimits: Record<string, number> = {};
  for (const k of LIMITS_WANTED) requiredLimits[k] = adapter.limits[k];

  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredFeatures, requiredLimits, label: 'rlhf-playground' });
  } catch (e) {
    throw new WebGpuUnavailableError(`the adapter refused a device: ${(e as Error).message}`);
  }
  return new GpuRuntime(device, describeAdapter(adapter, device), wantSubgroups, gpu);
}

function describeAdapter(adapter: GPUAdapter, device: GPUDevice): AdapterReport {
  const info = (adapter.info ?? {}) as GPUAdapterInfo & { isFallbackAdapter?: boolean; subgroupMinSize?: number; subgroupMaxSize?: number };
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const description = info.description ?? '';
  // Older implementations expose neither flag; SwiftShader names itself, so recognise it too.
  const isFallbackAdapter = Boolean(info.isFallbackAdapter ?? legacyFallback ?? /swiftshader/i.test(`${description} ${info.device ?? ''}`));
  const l = device.limits;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description,
    isFallbackAdapter,
    features: [...device.features].map(String).sort(),
    subgroups: device.features.has('subgroups' as GPUFeatureName),
    subgroupMinSize: info.subgroupMinSize ?? 0,
    subgroupMaxSize: info.subgroupMaxSize ?? 0,
    timestampQuery: device.features.has('timestamp-query'),
    shaderF16: adapter.features.has('shader-f16'),
    limits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  };
}

/** One line for the UI badge: "SwiftShader (fallback) · subgroups · timestamps". */
export function adapterSummary(r: AdapterReport): string {
  const name = r.description || [r.vendor, r.architecture, r.device].filter(Boolean).join(' ') || 'unknown adapter';
  const bits = [name + (r.isFallbackAdapter ? ' (software fallback)' : '')];
  if (r.subgroups) bits.push(`subgroups ${r.subgroupMinSize || '?'}–${r.subgroupMaxSize || '?'}`);
  if (r.timestampQuery) bits.push('timestamp-query');
  return bits.join(' · ');
}
