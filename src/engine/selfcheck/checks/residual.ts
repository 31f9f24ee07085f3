import { residualBackward as residualBackwardCpu, residualForward as residualForwardCpu } from '../../cpu/residual';
import { residualBackward, residualForward } from '../../gpu/kernels/residual';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// float32 addition is correctly rounded on both sides, so any difference at all is a bug; the
// tolerance 1e-6 only leaves room for an adapter that flushes denormals.
const n = 1031;

function inputs() {
  const rng = new Rng(21);
  return { a: rng.normalArray(n, 50), b: rng.normalArray(n), dout: rng.normalArray(n), da0: rng.normalArray(n), db0: rng.normalArray(n) };
}

export const residualChecks: KernelCheck[] = [
  {
    kernel: 'residual',
    what: `forward n=${n}, ±50 values`,
    tolerance: 1e-6,
    async run(rt) {
      const { a, b } = inputs();
      const va = rt.tensorFrom(a), vb = rt.tensorFrom(b), out = rt.tensor(n);
      await rt.run('selfcheck residual forward', (rec) => residualForward(rec, out, va, vb, n));
      const got = await rt.read(out);
      [va, vb, out].forEach((v) => rt.free(v));
      const want = new Float32Array(n);
      residualForwardCpu(want, a, b, n);
      return maxAbsDiff(got, want);
    },
  },
  {
    kernel: 'residual',
    what: `backward n=${n}, accumulating into non-zero gradients`,
    tolerance: 1e-6,
    async run(rt) {
      const { dout, da0, db0 } = inputs();
      const vd = rt.tensorFrom(dout), da = rt.tensorFrom(da0), db = rt.tensorFrom(db0);
      await rt.run('selfcheck residual backward', (rec) => residualBackward(rec, da, db, vd, n));
      const [gotA, gotB] = (await rt.readMany([da, db])).map((x) => new Float32Array(x));
      [vd, da, db].forEach((v) => rt.free(v));
      const wantA = Float32Array.from(da0), wantB = Float32Array.from(db0);
      residualBackwardCpu(wantA, wantB, dout, n);
      return Math.max(maxAbsDiff(gotA, wantA), maxAbsDiff(gotB, wantB));
    },
  },
];
