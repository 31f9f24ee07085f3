/**
 * A real WebGPU runtime in Node for the GPU tests: Dawn through the `webgpu` package, on whatever
 * Vulkan driver the environment points at (SwiftShader on machines without a GPU; see
 * scripts/gpu-env.mjs). Under CI=true a missing adapter is an error, never a silent skip.
 */
import { acquireGpu, type AcquireOptions } from '../device';
import type { GpuRuntime } from '../runtime';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export async function nodeGpu(options: AcquireOptions = {}): Promise<GpuRuntime | null> {
  const fs = await import('node:fs');
  if (!process.env.VK_ICD_FILENAMES && fs.existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    return await acquireGpu(create([]), options);
  } catch (e) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true and no WebGPU adapter in Node (${(e as Error).message}). Install Debian's chromium (SwiftShader) and libvulkan1; see README.`);
    }
    console.warn(`GPU tests skipped: ${(e as Error).message}`);
    return null;
  }
}
