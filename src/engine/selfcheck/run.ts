import type { GpuRuntime } from '../gpu/runtime';
import { KERNEL_CHECKS } from './registry';
import type { CheckResult, KernelCheck } from './types';

/** Runs each check in turn; a thrown error is a failed check, not an aborted run. */
export async function runSelfCheck(rt: GpuRuntime, checks: KernelCheck[] = KERNEL_CHECKS, onResult?: (r: CheckResult) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of checks) {
    const t0 = performance.now();
    let r: CheckResult;
    try {
      const err = await c.run(rt);
      r = { kernel: c.kernel, what: c.what, tolerance: c.tolerance, maxAbsError: err, pass: err <= c.tolerance, ms: performance.now() - t0 };
    } catch (e) {
      r = { kernel: c.kernel, what: c.what, tolerance: c.tolerance, maxAbsError: NaN, pass: false, ms: performance.now() - t0, error: (e as Error).message };
    }
    results.push(r);
    onResult?.(r);
  }
  return results;
}
