import { VALUE_STATS, valueLoss } from '../../gpu/kernels/value-loss';
import { valueLoss as valueCpu } from '../../rl/value-loss';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const LENS = [40, 17, 1, 0], T = 40, N = LENS.length * T, EPS = 0.2;

function inputs() {
  const rng = new Rng(23);
  const old = rng.normalArray(N, 2), V = new Float32Array(N), R = rng.normalArray(N, 2), m = new Float32Array(N);
  for (let i = 0; i < N; i++) V[i] = old[i] + rng.uniform() - 0.5; // half inside the band, half outside
  LENS.forEach((len, b) => {
    m.fill(1, b * T, b * T + len);
    for (let i = b * T + len; i < (b + 1) * T; i++) { V[i] = 1e30; R[i] = -1e30; }
  });
  return { V, old, R, m };
}

// Compared: dvalues (N) and [loss, clipfrac]. Tolerance: the bounds of value-loss.gpu.test.ts on
// these inputs are ≤ 1e-7 per gradient element and 5.4e-5 for the loss; no token lies within 1e-2 of
// a clip kink, so float32 and float64 pick the same branches.
export const valueLossChecks: KernelCheck[] = [{
  kernel: 'value_loss',
  what: `B=${LENS.length} T=${T} ε=${EPS}, V − Vold in ±0.5, a masked row: dvalues and [loss, clipfrac]`,
  tolerance: 6e-5,
  async run(rt) {
    const { V, old, R, m } = inputs();
    const ins = [V, old, R, m].map((x) => rt.tensorFrom(x));
    const grad = rt.tensor(N), stats = rt.tensor(VALUE_STATS.length);
    await rt.run('selfcheck value_loss', (rec) => valueLoss(rec, grad, stats, ins[0], ins[1], ins[2], ins[3], N, EPS));
    const [g, s] = (await rt.readMany([grad, stats])).map((b) => new Float32Array(b));
    for (const v of [...ins, grad, stats]) rt.free(v);
    const want = new Float32Array(N);
    const w = valueCpu(want, V, old, R, m, N, EPS);
    return Math.max(maxAbsDiff(g, want), maxAbsDiff(s.subarray(0, 2), [w.loss, w.clipfrac]));
  },
}];
