import { fill } from '../../gpu/kernels/fill';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const n = 1000, total = 1300, value = -0.75;

export const fillChecks: KernelCheck[] = [
  {
    kernel: 'fill',
    what: `fill n=${n} of ${total} with ${value}; the rest must stay untouched`,
    tolerance: 0,
    async run(rt) {
      const init = new Rng(31).normalArray(total);
      const out = rt.tensorFrom(init);
      await rt.run('selfcheck fill', (rec) => fill(rec, out, value, n));
      const got = await rt.read(out);
      rt.free(out);
      const want = Float32Array.from(init, (x, i) => (i < n ? value : x));
      return maxAbsDiff(got, want);
    },
  },
];
