// Every WGSL kernel's parity check, run by the page's self-check and by the GPU tests. Each file in
// ./checks/ exports one or more `KernelCheck[]`; they are collected here (Vite and Vitest resolve the
// glob at build time), so adding a kernel's check means adding a file, not editing a list.
import type { KernelCheck } from './types';

const modules = import.meta.glob<Record<string, KernelCheck[]>>('./checks/*.ts', { eager: true });

export const KERNEL_CHECKS: KernelCheck[] = Object.keys(modules)
  .sort()
  .flatMap((path) => Object.values(modules[path]).flat());
