import { afterAll, describe, expect, it } from 'vitest';
import { klPerToken as klCpu, perTokenRewards as rewardsCpu } from '../../rl/kl-rewards';
import { maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { klPerToken, perTokenRewards, type KlEstimator } from './kl-rewards';

const variants = await gpuVariants();
const worst = { k1: 0, k2: 0, k3: 0, rewards: 0 };
afterAll(() => {
  console.log(`kl_rewards worst scaled |GPU−CPU|: ${Object.entries(worst).map(([k, e]) => `${k} ${e.toExponential(2)}`).join(', ')}`);
  destroyAll(variants);
});

// Tolerances, scaled (absolute below 1, relative above): k1/k2 are one float32 subtraction and
// multiply away from the float64 reference; k3 uses exp, whose WGSL accuracy is 3 + 2·|x| ULP, i.e.
// up to ~163 ULP ≈ 1e-5 relative at the clamp |x| = 80.
const TOL: Record<KlEstimator | 'rewards', number> = { k1: 1e-6, k2: 1e-6, k3: 3e-5, rewards: 1e-6 };
const ESTIMATORS: KlEstimator[] = ['k1', 'k2', 'k3'];

async function klGpu(rt: GpuRuntime, lp: Float32Array, ref: Float32Array, mask: Float32Array, est: KlEstimator) {
  const n = lp.length;
  const a = rt.tensorFrom(lp), b = rt.tensorFrom(ref), m = rt.tensorFrom(mask);
  const out = rt.tensorFrom(new Float32Array(n).fill(NaN)); // every element must be written
  await rt.run('kl test', (rec) => klPerToken(rec, out, a, b, m, n, est));
  const got = await rt.read(out);
  for (const v of [a, b, m, out]) rt.free(v);
  return got;
}

function klRef(lp: Float32Array, ref: Float32Array, mask: Float32Array, est: KlEstimator) {
  const out = new Float32Array(lp.length);
  klCpu(out, lp, ref, mask, lp.length, est);
  return out;
}

async function checkKl(rt: GpuRuntime, lp: Float32Array, ref: Float32Array, mask: Float32Array, est: KlEstimator) {
  const got = await klGpu(rt, lp, ref, mask, est), want = klRef(lp, ref, mask, est);
  const err = maxScaledDiff(got, want);
  worst[est] = Math.max(worst[est], err);
  expect(err).toBeLessThan(TOL[est]);
  return got;
}

interface RewardCase { B: number; T: number; kl: Float32Array; mask: Float32Array; scores: Float32Array; hasEos: Uint8Array; beta: number; clip: number; penalty: number }

function rewardCase(seed: number, B: number, T: number, beta: number, clip: number, penalty: number): RewardCase {
  const rng = new Rng(seed);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) mask.fill(1, b * T, b * T + (b === 0 ? T : rng.int(T + 1))); // row 0 full; others any length incl. 0
  return {
    B, T, mask, beta, clip, penalty,
    kl: rng.normalArray(B * T, 2),
    scores: rng.normalArray(B, 3),
    hasEos: new Uint8Array(B).map(() => (rng.uniform() < 0.7 ? 1 : 0)),
  };
}

async function checkRewards(rt: GpuRuntime, c: RewardCase) {
  const n = c.B * c.T;
  const kl = rt.tensorFrom(c.kl), mask = rt.tensorFrom(c.mask), scores = rt.tensorFrom(c.scores);
  const hasEos = rt.tensorFrom(Uint32Array.from(c.hasEos));
  const out = rt.tensorFrom(new Float32Array(n).fill(NaN));
  await rt.run('rewards test', (rec) => perTokenRewards(rec, out, kl, mask, scores, hasEos, c.B, c.T, c.beta, c.clip, c.penalty));
  const got = await rt.read(out);
  for (const v of [kl, mask, scores, hasEos, out]) rt.free(v);
  const want = new Float32Array(n);
  rewardsCpu(want, c.kl, c.mask, c.scores, c.hasEos, c.B, c.T, c.beta, c.clip, c.penalty);
  const err = maxScaledDiff(got, want);
  worst.rewards = Math.max(worst.rewards, err);
  expect(err).toBeLessThan(TOL.rewards);
  return { got, want };
}

describe.skipIf(variants.length === 0)('kl_rewards kernels (GPU vs CPU)', () => {
  for (const v of variants) {
    describe(v.name, () => {
      for (const n of [1, 21, 150]) {
        for (const est of ESTIMATORS) {
          it(`kl ${est}, n=${n} (random, every 4th masked)`, async () => {
            const rng = new Rng(n * 7 + est.length);
            const lp = rng.normalArray(n, 2, -3), ref = rng.normalArray(n, 2, -3);
            const mask = new Float32Array(n).map((_, i) => (i % 4 === 3 ? 0 : 1));
            const got = await checkKl(v.rt, lp, ref, mask, est);
            if (est !== 'k1') expect(got.every((y) => y >= 0)).toBe(true);
          });
        }
      }

      it('kl on extreme inputs: logprob −50, Δ = ±1e4, Δ beyond the k3 clamp, garbage at masked positions', async () => {
        const lp = new Float32Array([-50, -1, 0, -1e4, -300, -1e9, -0.5, NaN]);
        const ref = new Float32Array([-1, -50, -1e4, 0, -1, 0, -0.5, 0]);
        const mask = new Float32Array([1, 1, 1, 1, 1, 0, 1, 0]);
        for (const est of ESTIMATORS) {
          const got = await checkKl(v.rt, lp, ref, mask, est);
          expect(got.every(Number.isFinite)).toBe(true);
          expect(got[5]).toBe(0);
          expect(got[7]).toBe(0);
        }
      });

      it('k3 keeps its relative accuracy for small Δ (no exp(x) − 1 − x cancellation)', async () => {
        const deltas = [1e-4, -1e-4, 3e-3, -3e-3, 0.05, -0.05, 0.49, -0.49, 0.51, -0.51, 2, -2];
        const lp = Float32Array.from(deltas.map((d) => -1 + d)), ref = new Float32Array(deltas.length).fill(-1);
        const mask = new Float32Array(deltas.length).fill(1);
        const got = await klGpu(v.rt, lp, ref, mask, 'k3'), want = klRef(lp, ref, mask, 'k3');
        for (let i = 0; i < deltas.length; i++) expect(Math.abs(got[i] - want[i]) / want[i]).toBeLessThan(1e-5);
      });

      const rewardShapes: [number, number][] = [[1, 1], [1, 9], [4, 7], [9, 20]];
      for (const [B, T] of rewardShapes) {
        it(`rewards B=${B} T=${T}: random lengths incl. all-masked rows, missing EOS, clip`, async () => {
          const { got } = await checkRewards(v.rt, rewardCase(B * 31 + T, B, T, 0.1, 2, -1.5));
          expect(got.every(Number.isFinite)).toBe(true);
        });
      }

      it('rewards with β = 0 are zero except the last real token; holes in the mask; no clipping', async () => {
        const c = rewardCase(5, 3, 6, 0, Infinity, -1);
        c.mask.set([1, 0, 1, 1, 0, 0], 0); // a hole: the last real token is t = 3
        c.mask.fill(0, 6, 12); // all-masked row
        c.hasEos.set([1, 0, 0]);
        c.scores[0] = 1e6; // not clipped with rewardClip = Infinity
        const { got } = await checkRewards(v.rt, c);
        // (y + 0 turns the −0 of −0·kl into +0)
        expect(Array.from(got.subarray(0, 12), (y) => y + 0)).toEqual([0, 0, 0, 1e6, 0, 0, ...new Array(6).fill(0)]);
        expect([...got.slice(12)].filter((y) => y !== 0)).toEqual([-1]); // missing-EOS penalty, once
      });

      it('rewards with huge KL values (k2 of Δ = 1e4) stay finite and match', async () => {
        const c = rewardCase(8, 2, 5, 0.05, 10, -1);
        c.kl.fill(5e7);
        await checkRewards(v.rt, c);
      });
    });
  }

  it('rejects short views, a negative clip and an unknown estimator', async () => {
    const rt = variants[0].rt;
    const small = rt.tensor(2), big = rt.tensor(256);
    await expect(rt.run('bad', (rec) => klPerToken(rec, small, big, big, big, 10))).rejects.toThrow(RangeError);
    await expect(rt.run('bad', (rec) => klPerToken(rec, big, big, big, big, 10, 'k4' as KlEstimator))).rejects.toThrow(RangeError);
    await expect(rt.run('bad', (rec) => perTokenRewards(rec, big, big, big, small, big, 4, 3, 0.1, 1, -1))).rejects.toThrow(RangeError);
    await expect(rt.run('bad', (rec) => perTokenRewards(rec, big, big, big, big, big, 4, 3, 0.1, -1, -1))).rejects.toThrow(RangeError);
    rt.free(small);
    rt.free(big);
  });
});
