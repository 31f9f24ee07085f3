import type { Plugin } from 'vite';
export function wasmKernels(): Plugin;
