// Vitest setup for the GPU project: WebGPU's constants (GPUBufferUsage, GPUMapMode, …) must be
// globals before any engine module is imported, as they are in a browser.
import { globals } from 'webgpu';

Object.assign(globalThis, globals);
