import { adamwUpdate as adamwUpdateCpu, gradNormSquared as gradNormSquaredCpu } from '../../cpu/adamw';
import { adamwUpdate, gradNormSquared } from '../../gpu/kernels/adamw';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const n = 5003, lr = 1e-2, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, wd = 0.1, maxNorm = 1;

export const adamwChecks: KernelCheck[] = [
  {
    kernel: 'adamw',
    what: `gradNormSquared n=${n}, |GPU−CPU| / CPU`,
    tolerance: 1e-5,
    async run(rt) {
      const g = new Rng(81).normalArray(n);
      const vg = rt.tensorFrom(g), out = rt.tensor(1);
      await rt.run('selfcheck grad norm', (rec) => gradNormSquared(rec, out, vg, n));
      const [got] = await rt.read(out);
      rt.free(vg);
      rt.free(out);
      const want = gradNormSquaredCpu(g, n);
      return Math.abs(got - want) / want;
    },
  },
  {
    kernel: 'adamw',
    what: `3 AdamW steps n=${n} (t = 1, 2, 3), clipping active, params |GPU−CPU|`,
    tolerance: 2e-6,
    async run(rt) {
      const rng = new Rng(82);
      const p = rng.normalArray(n), m = new Float32Array(n), v = new Float32Array(n);
      const gp = rt.tensorFrom(p), gm = rt.tensorFrom(m), gv = rt.tensorFrom(v), gg = rt.tensor(n), gnorm = rt.tensor(1);
      for (let t = 1; t <= 3; t++) {
        const grads = rng.normalArray(n, 0.1); // ‖g‖ ≈ 7 > maxNorm: clipped
        rt.upload(gg, grads);
        await rt.run('selfcheck adamw step', (rec) => {
          gradNormSquared(rec, gnorm, gg, n);
          adamwUpdate(rec, gp, gg, gm, gv, n, lr, beta1, beta2, eps, wd, t, gnorm, maxNorm);
        });
        adamwUpdateCpu(p, grads, m, v, n, lr, beta1, beta2, eps, wd, t, gradNormSquaredCpu(grads, n), maxNorm);
      }
      const got = await rt.read(gp);
      [gp, gm, gv, gg, gnorm].forEach((x) => rt.free(x));
      return maxAbsDiff(got, p);
    },
  },
];
