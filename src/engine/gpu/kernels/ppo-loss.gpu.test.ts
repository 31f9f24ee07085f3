import { afterAll, describe, expect, it } from 'vitest';
import { ppoPolicyLoss as ppoCpu } from '../../rl/ppo-loss';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { PPO_STATS, ppoPolicyLoss } from './ppo-loss';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

type Rt = (typeof variants)[number]['rt'];
const U = 2 ** -24; // unit roundoff of float32
const EPS = 0.2;

interface Case {
  lp: Float32Array; // (B, T)
  old: Float32Array; // (B, T)
  A: Float32Array; // (B, T)
  m: Float32Array; // (B, T)
  n: number;
}

async function runGpu(rt: Rt, c: Case, eps = EPS) {
  const ins = [c.lp, c.old, c.A, c.m].map((x) => rt.tensorFrom(x));
  const grad = rt.tensor(c.n), stats = rt.tensor(PPO_STATS.length);
  await rt.run('ppo_loss', (rec) => ppoPolicyLoss(rec, grad, stats, ins[0], ins[1], ins[2], ins[3], c.n, eps));
  const [g, s] = (await rt.readMany([grad, stats])).map((b) => new Float32Array(b));
  for (const v of [...ins, grad, stats]) rt.free(v);
  return { grad: g, stats: s };
}

/**
 * Rows of lengths `lens`; log-ratios uniform in ±`spread` (±5 puts ratios at e^±5, far outside the
 * band) with some exactly ±spread; advantages uniform in ±50; garbage at masked positions. Ratios
 * are kept ≥ 1e-3 (relative) from the kinks 1 ± ε, where float32 and float64 may legitimately pick
 * different branches; the kernel's own ratio error is below 4e-6 (see `bounds`).
 */
function makeCase(seed: number, lens: number[], T: number, spread = 5): Case {
  const B = lens.length, n = B * T;
  const rng = new Rng(seed);
  const lp = new Float32Array(n), old = new Float32Array(n), A = rng.uniformArray(n, -50, 50), m = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    old[i] = -8 * rng.uniform();
    let d: number;
    do d = i % 11 === 3 ? spread : i % 11 === 4 ? -spread : spread * (2 * rng.uniform() - 1);
    while (Math.abs(Math.exp(d) / (1 - EPS) - 1) < 1e-3 || Math.abs(Math.exp(d) / (1 + EPS) - 1) < 1e-3);
    lp[i] = old[i] + d;
  }
  lens.forEach((len, b) => {
    m.fill(1, b * T, b * T + len);
    for (let i = b * T + len; i < (b + 1) * T; i++) { lp[i] = 1e30; old[i] = -1e30; A[i] = -1e30; }
  });
  return { lp, old, A, m, n };
}

/**
 * Float64 reference (on the same float32 inputs) and error bounds from WGSL's accuracy rules
 * (WGSL §"Floating Point Accuracy"; 1 ULP ≤ 2u relative): lp − old is correctly rounded (u, which
 * moves exp by a further |Δ|·u), exp is within 3 + 2|Δ| ULP, −A·ratio rounds once, 1/Σm is within
 * 2.5 ULP and the final product rounds once: per token |ĝ − g| ≤ (14 + 5|Δ|)·u·|g|. The loss adds
 * a summation error of at most (n + 2)·u·Σ m|term| / Σm in any order (Higham, "Accuracy and
 * Stability of Numerical Algorithms", §4.2); approxkl the same with Δ² terms; clipfrac is a count
 * below 2^24 (exact) times 1/Σm (≤ 6u).
 */
function bounds(c: Case) {
  const grad = new Float64Array(c.n);
  const s = ppoCpu(grad, Float64Array.from(c.lp), Float64Array.from(c.old), Float64Array.from(c.A), Float64Array.from(c.m), c.n, EPS);
  const tolGrad = new Float64Array(c.n);
  let msum = 0, absLoss = 0, absKl = 0, dmax = 0;
  for (let i = 0; i < c.n; i++) msum += c.m[i];
  for (let i = 0; i < c.n; i++) {
    if (c.m[i] === 0) continue;
    const d = c.lp[i] - c.old[i], r = Math.exp(d);
    dmax = Math.max(dmax, Math.abs(d));
    tolGrad[i] = (14 + 5 * Math.abs(d)) * U * Math.abs(grad[i]);
    absLoss += Math.abs(c.A[i]) * Math.max(r, 1 + EPS);
    absKl += d * d;
  }
  const inv = msum ? 1 / msum : 0;
  return {
    grad, s, tolGrad, msum,
    tolLoss: ((14 + 5 * dmax) + (c.n + 2)) * U * absLoss * inv,
    tolKl: (c.n + 10) * U * 0.5 * absKl * inv,
    tolClip: 6 * U,
  };
}

async function compare(rt: Rt, c: Case) {
  const { grad, stats } = await runGpu(rt, c);
  const want = bounds(c);
  let worstGrad = 0, maxAbs = 0;
  for (let i = 0; i < c.n; i++) {
    if (Number.isNaN(grad[i])) { worstGrad = Infinity; continue; }
    const e = Math.abs(grad[i] - want.grad[i]);
    maxAbs = Math.max(maxAbs, e);
    if (c.m[i] === 0) { if (grad[i] !== 0) worstGrad = Infinity; continue; } // written 0, exactly
    worstGrad = Math.max(worstGrad, e === 0 ? 0 : e / want.tolGrad[i]);
  }
  expect(worstGrad).toBeLessThanOrEqual(1);
  expect(stats[PPO_STATS.maskSum]).toBe(want.msum);
  expect(Math.abs(stats[PPO_STATS.loss] - want.s.loss)).toBeLessThanOrEqual(want.tolLoss);
  expect(Math.abs(stats[PPO_STATS.clipfrac] - want.s.clipfrac)).toBeLessThanOrEqual(want.tolClip);
  expect(Math.abs(stats[PPO_STATS.approxkl] - want.s.approxkl)).toBeLessThanOrEqual(want.tolKl);
  maxAbs = Math.max(maxAbs, Math.abs(stats[0] - want.s.loss), Math.abs(stats[1] - want.s.clipfrac), Math.abs(stats[2] - want.s.approxkl));
  return { maxAbs, worstGrad, clipfrac: want.s.clipfrac };
}

describe.skipIf(variants.length === 0)('ppo_loss kernel (GPU vs CPU)', () => {
  it('covers both reduction paths', () => {
    expect(variants.map((v) => v.name)).toContain('no-subgroups');
    if (process.env.CI === 'true') expect(variants.map((v) => v.name)).toContain('subgroups');
  });

  for (const v of variants) {
    describe(v.name, () => {
      const shapes: [string, number[], number][] = [
        ['B=1 T=1', [1], 1],
        ['B=1 T=7', [5], 7],
        ['B=4 T=33 (an all-masked row)', [33, 20, 1, 0], 33],
        ['B=8 T=64 (n = 2·WG)', [64, 64, 50, 3, 64, 10, 64, 33], 64],
        ['B=3 T=300', [300, 157, 299], 300],
      ];
      for (const [name, lens, T] of shapes) {
        it(`${name}: Δ in ±5, A in ±50, gradient and stats within the WGSL accuracy bounds`, async () => {
          const c = makeCase(lens.length * 1000 + T, lens, T);
          const { maxAbs, worstGrad, clipfrac } = await compare(v.rt, c);
          console.log(`ppo_loss ${v.name} ${name}: max |GPU−CPU| = ${maxAbs.toExponential(2)}, grad err/bound = ${worstGrad.toExponential(2)}, clipfrac = ${clipfrac.toFixed(2)}`);
        });
      }

      it('first minibatch (logprob = old): approxkl 0, clipfrac 0, loss = −masked_mean(A)', async () => {
        const c = makeCase(7, [40, 13], 40);
        c.lp.set(c.old);
        const { grad, stats } = await runGpu(v.rt, c);
        const want = bounds(c);
        expect(stats[PPO_STATS.approxkl]).toBe(0);
        expect(stats[PPO_STATS.clipfrac]).toBe(0);
        expect(Math.abs(stats[PPO_STATS.loss] - want.s.loss)).toBeLessThanOrEqual(want.tolLoss);
        for (let i = 0; i < c.n; i++) expect(Math.abs(grad[i] - want.grad[i])).toBeLessThanOrEqual(want.tolGrad[i] + 1e-30);
      });

      it('all-masked minibatch: loss 0, zero gradient, no NaN', async () => {
        const c = makeCase(8, [0, 0], 9);
        const { grad, stats } = await runGpu(v.rt, c);
        expect([...stats]).toEqual([0, 0, 0, 0]);
        expect(grad.every((g) => g === 0)).toBe(true);
      });

      it('n = 0 writes zero stats', async () => {
        const { stats } = await runGpu(v.rt, { lp: new Float32Array(0), old: new Float32Array(0), A: new Float32Array(0), m: new Float32Array(0), n: 0 });
        expect([...stats]).toEqual([0, 0, 0, 0]);
      });
    });
  }

  it('clipped tokens get exactly zero gradient on the GPU', async () => {
    // A > 0 with ratio 2 and A < 0 with ratio 0.3 are clipped; the other two are not.
    const c: Case = {
      lp: Float32Array.from([Math.log(2), Math.log(0.3), Math.log(0.3), Math.log(2)]),
      old: new Float32Array(4), A: Float32Array.from([1, -1, 1, -1]), m: Float32Array.from([1, 1, 1, 1]), n: 4,
    };
    const { grad, stats } = await runGpu(variants[0].rt, c);
    expect(grad[0]).toBe(0);
    expect(grad[1]).toBe(0);
    expect(grad[2]).toBeCloseTo(-0.3 / 4, 6);
    expect(grad[3]).toBeCloseTo(2 / 4, 6);
    expect(stats[PPO_STATS.clipfrac]).toBe(0.5);
  });
});
