import { afterAll, describe, expect, it } from 'vitest';
import { destroyAll, gpuVariants } from '../gpu/testing/gpu-variants';
import { KERNEL_CHECKS } from './registry';
import { runSelfCheck } from './run';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

describe.skipIf(variants.length === 0)('kernel self-check (what the page runs)', () => {
  for (const v of variants) {
    it(`every registered kernel passes on the ${v.name} path`, async () => {
      const results = await runSelfCheck(v.rt);
      expect(results.length).toBe(KERNEL_CHECKS.length);
      for (const r of results) {
        console.log(`${v.name} ${r.kernel} — ${r.what}: max |GPU−CPU| = ${r.maxAbsError.toExponential(2)} (tol ${r.tolerance})${r.error ? ` ERROR ${r.error}` : ''}`);
        expect(r.error).toBeUndefined();
        expect(r.pass).toBe(true);
      }
    });
  }
});
