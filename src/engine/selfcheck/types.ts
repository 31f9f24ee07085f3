import type { GpuRuntime } from '../gpu/runtime';

/** One kernel's parity check: run the WGSL kernel and its CPU reference on the same inputs. */
export interface KernelCheck {
  /** The kernel's file name in shaders/ (without .wgsl). */
  kernel: string;
  /** What is compared, e.g. "forward, R=37 V=53, −1e9 masks". */
  what: string;
  /** Largest |GPU − CPU| accepted. */
  tolerance: number;
  /** Returns the largest |GPU − CPU| seen. */
  run(rt: GpuRuntime): Promise<number>;
}

export interface CheckResult {
  kernel: string;
  what: string;
  tolerance: number;
  maxAbsError: number;
  pass: boolean;
  ms: number;
  error?: string;
}
