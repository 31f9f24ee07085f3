// Environment that gives Node (the `webgpu` package, i.e. Dawn) a real WebGPU adapter on a machine
// without a GPU: SwiftShader, the software Vulkan driver that Debian's chromium package ships.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const CHROMIUM_LIB = '/usr/lib/chromium';
const ICD = `${CHROMIUM_LIB}/vk_swiftshader_icd.json`;

/** Returns a copy of `env` with the Vulkan loader pointed at SwiftShader when nothing else is set. */
export function gpuEnv(env = process.env) {
  const out = { ...env };
  if (!out.VK_ICD_FILENAMES && existsSync(ICD)) out.VK_ICD_FILENAMES = ICD;
  // The Vulkan loader complains on every device creation when this is unset; it needs no real value.
  if (!out.XDG_RUNTIME_DIR) out.XDG_RUNTIME_DIR = tmpdir();
  // Chromium carries its own Vulkan loader; use it when the system has none (libvulkan1 missing).
  const systemLoader = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'].some(existsSync);
  if (!systemLoader && existsSync(`${CHROMIUM_LIB}/libvulkan.so.1`)) {
    out.LD_LIBRARY_PATH = [out.LD_LIBRARY_PATH, CHROMIUM_LIB].filter(Boolean).join(':');
  }
  return out;
}
