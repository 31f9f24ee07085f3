import { gaeForward, type GaeVariant } from '../../gpu/kernels/gae';
import { gae as gaeCpu } from '../../rl/gae';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// Rows: full, partial, one token, fully masked (garbage padding must not leak). T = 300 makes the
// scan variant take two chunks of 256.
const LENS = [300, 131, 1, 0], B = LENS.length, T = 300, GAMMA = 0.99, LAMBDA = 0.95;

function inputs() {
  const rng = new Rng(21);
  const r = rng.normalArray(B * T), V = rng.normalArray(B * T), m = new Float32Array(B * T);
  LENS.forEach((len, b) => {
    m.fill(1, b * T, b * T + len);
    r.fill(1e30, b * T + len, (b + 1) * T);
    V.fill(-1e30, b * T + len, (b + 1) * T);
  });
  return { r, V, m };
}

// Tolerance: the worst-case rounding bound (3T + 16)·u·Σ|terms| of gae.gpu.test.ts evaluated on
// these inputs is 2.7e-3 (Σ|terms| ≤ 50 here); both variants typically land near 1e-5.
export const gaeChecks: KernelCheck[] = (['sequential', 'scan'] as GaeVariant[]).map((variant) => ({
  kernel: variant === 'scan' ? 'gae_scan' : 'gae',
  what: `${variant} B=${B} T=${T} γ=${GAMMA} λ=${LAMBDA}, advantages and returns, a masked row`,
  tolerance: 2.8e-3,
  async run(rt) {
    const { r, V, m } = inputs();
    const [gr, gV, gm] = [r, V, m].map((x) => rt.tensorFrom(x));
    const adv = rt.tensor(B * T), ret = rt.tensor(B * T);
    await rt.run(`selfcheck gae ${variant}`, (rec) => gaeForward(rec, adv, ret, gr, gV, gm, B, T, GAMMA, LAMBDA, variant));
    const [ga, gR] = (await rt.readMany([adv, ret])).map((b) => new Float32Array(b));
    for (const v of [gr, gV, gm, adv, ret]) rt.free(v);
    const wa = new Float32Array(B * T), wR = new Float32Array(B * T);
    gaeCpu(wa, wR, r, V, m, B, T, GAMMA, LAMBDA);
    return Math.max(maxAbsDiff(ga, wa), maxAbsDiff(gR, wR));
  },
}));
