// Node-side WebGPU for benchmarks: installs the WebGPU globals (as in a browser) before the engine loads.
import { globals } from 'webgpu';

Object.assign(globalThis, globals);
export { nodeGpu } from '../src/engine/gpu/testing/node-gpu';
