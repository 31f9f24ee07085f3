import { GRPO_STATS, grpoLoss } from '../../gpu/kernels/grpo-loss';
import type { GrpoLossOptions } from '../../model/rl-options';
import { grpoLoss as cpu } from '../../rl/grpo-loss';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const LENS = [12, 5, 1, 0, 9, 12], T = 12, B = LENS.length, N = B * T;

function inputs() {
  const rng = new Rng(43);
  const old = rng.uniformArray(N, -6, 0), lp = new Float32Array(N), ref = new Float32Array(N), m = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    // Ratios 0.55–1.8, kept ≥ 1e-3 from the kinks 0.8 and 1.28 (float32 and float64 may differ there).
    let d: number;
    do d = rng.uniform() * 1.2 - 0.6;
    while (Math.abs(Math.exp(d) - 0.8) < 1e-3 || Math.abs(Math.exp(d) - 1.28) < 1e-3);
    lp[i] = old[i] + d;
    ref[i] = lp[i] + rng.normal();
  }
  LENS.forEach((len, b) => m.fill(1, b * T, b * T + len));
  return { lp, old, ref, A: rng.normalArray(B, 1.5), m };
}

// Compared: dlogprob and [loss, kl, clip low, clip high, clip region] for every loss_type.
// Tolerance: grpo-loss.gpu.test.ts bounds these inputs' errors below 1e-6.
export const grpoLossChecks: KernelCheck[] = (['grpo', 'bnpo', 'dr_grpo', 'dapo'] as const).map((lossType) => ({
  kernel: 'grpo_loss',
  what: `loss_type=${lossType}, B=${B} T=${T} (a masked row), ε 0.2/0.28, β 0.04`,
  tolerance: 2e-5,
  async run(rt) {
    const q = inputs();
    const o: GrpoLossOptions = { epsilonLow: 0.2, epsilonHigh: 0.28, beta: 0.04, lossType, maxCompletionLength: T, numItemsInBatch: 80 };
    const ins = [q.lp, q.old, q.ref, q.A, q.m].map((x) => rt.tensorFrom(x));
    const grad = rt.tensor(N), stats = rt.tensor(GRPO_STATS.length);
    await rt.run('selfcheck grpo_loss', (rec) => grpoLoss(rec, grad, stats, ins[0], ins[1], ins[2], ins[3], ins[4], B, T, o));
    const [g, s] = (await rt.readMany([grad, stats])).map((b) => new Float32Array(b));
    for (const v of [...ins, grad, stats]) rt.free(v);
    const want = new Float32Array(N);
    const w = cpu(want, q.lp, q.old, q.ref, q.A, q.m, B, T, o);
    return Math.max(maxAbsDiff(g, want), maxAbsDiff(s.subarray(0, 5), [w.loss, w.kl, w.clipLow, w.clipHigh, w.clipRegion]));
  },
}));
