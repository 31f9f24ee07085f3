import { PPO_STATS, ppoPolicyLoss } from '../../gpu/kernels/ppo-loss';
import { ppoPolicyLoss as ppoCpu } from '../../rl/ppo-loss';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const LENS = [40, 17, 1, 0], T = 40, N = LENS.length * T, EPS = 0.2;

function inputs() {
  const rng = new Rng(22);
  const old = rng.uniformArray(N, -6, 0), lp = new Float32Array(N), A = rng.normalArray(N, 2), m = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    // Ratios 0.55–1.8 (both branches), kept ≥ 1e-3 from the kinks 1 ± ε where float32 and float64
    // may legitimately choose different branches.
    let d: number;
    do d = rng.uniform() * 1.2 - 0.6;
    while (Math.abs(Math.exp(d) - (1 - EPS)) < 1e-3 || Math.abs(Math.exp(d) - (1 + EPS)) < 1e-3);
    lp[i] = old[i] + d;
  }
  LENS.forEach((len, b) => {
    m.fill(1, b * T, b * T + len);
    for (let i = b * T + len; i < (b + 1) * T; i++) { lp[i] = 1e30; A[i] = -1e30; }
  });
  return { lp, old, A, m };
}

// Compared: dlogprob (N) and [loss, clipfrac, approxkl]. Tolerance: the bounds of
// ppo-loss.gpu.test.ts on these inputs are ≤ 1e-7 per gradient element and 1.6e-5 for the loss; a
// clip decision flipped at a kink would show as an error ≥ 1/58 in clipfrac.
export const ppoLossChecks: KernelCheck[] = [{
  kernel: 'ppo_loss',
  what: `B=${LENS.length} T=${T} ε=${EPS}, ratios 0.55–1.8, a masked row: dlogprob and [loss, clipfrac, approxkl]`,
  tolerance: 2e-5,
  async run(rt) {
    const { lp, old, A, m } = inputs();
    const ins = [lp, old, A, m].map((x) => rt.tensorFrom(x));
    const grad = rt.tensor(N), stats = rt.tensor(PPO_STATS.length);
    await rt.run('selfcheck ppo_loss', (rec) => ppoPolicyLoss(rec, grad, stats, ins[0], ins[1], ins[2], ins[3], N, EPS));
    const [g, s] = (await rt.readMany([grad, stats])).map((b) => new Float32Array(b));
    for (const v of [...ins, grad, stats]) rt.free(v);
    const want = new Float32Array(N);
    const w = ppoCpu(want, lp, old, A, m, N, EPS);
    return Math.max(maxAbsDiff(g, want), maxAbsDiff(s.subarray(0, 3), [w.loss, w.clipfrac, w.approxkl]));
  },
}];
