import { afterAll, describe, expect, it } from 'vitest';
import type { GroupAdvantageOptions } from '../../model/rl-options';
import { groupAdvantages as cpu } from '../../rl/group-advantages';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { groupAdvantages } from './group-advantages';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));
type Rt = (typeof variants)[number]['rt'];

const GRPO: GroupAdvantageOptions = { G: 4, baseline: 'mean', scaleRewards: 'group', normalize: false, klCoef: 0, rewardClip: 10, missingEosPenalty: -1 };
const RLOO: GroupAdvantageOptions = { ...GRPO, baseline: 'loo', scaleRewards: 'none', klCoef: 0.05, normalize: true };

interface Case { scores: Float32Array; hasEos: Int32Array; kl: Float32Array; mask: Float32Array; B: number; T: number }

/** Scores from `dist`; a few rows without EOS; some groups made equal on purpose; garbage in masked KL. */
function makeCase(seed: number, B: number, T: number, G: number, dist: (r: Rng) => number): Case {
  const rng = new Rng(seed);
  const scores = Float32Array.from({ length: B }, () => dist(rng));
  for (let g = 1; g < B / G; g += 3) scores.fill(scores[g * G], g * G, (g + 1) * G); // equal groups
  const hasEos = Int32Array.from({ length: B }, (_, b) => (b % 7 === 5 && Math.floor(b / G) % 3 !== 1 ? 0 : 1));
  const mask = new Float32Array(B * T), kl = rng.uniformArray(B * T, -0.5, 1.5);
  for (let b = 0; b < B; b++) {
    const len = 1 + rng.int(T);
    mask.fill(1, b * T, b * T + len);
    for (let t = len; t < T; t++) kl[b * T + t] = 1e30;
  }
  return { scores, hasEos, kl, mask, B, T };
}

async function runGpu(rt: Rt, c: Case, o: GroupAdvantageOptions) {
  const [scores, hasEos, kl, mask] = [rt.tensorFrom(c.scores), rt.tensorFrom(c.hasEos), rt.tensorFrom(c.kl), rt.tensorFrom(c.mask)];
  const rewards = rt.tensor(c.B), adv = rt.tensor(c.B), groups = rt.tensor((2 * c.B) / o.G), stats = rt.tensor(2);
  await rt.run('group_advantages', (rec) => groupAdvantages(rec, rewards, adv, groups, stats, scores, hasEos, kl, mask, c.B, c.T, o));
  const out = (await rt.readMany([rewards, adv, groups, stats])).map((b) => new Float32Array(b));
  for (const v of [scores, hasEos, kl, mask, rewards, adv, groups, stats]) rt.free(v);
  return { rewards: out[0], adv: out[1], groups: out[2], stats: out[3] };
}

function runCpu(c: Case, o: GroupAdvantageOptions) {
  const rewards = new Float64Array(c.B), adv = new Float64Array(c.B), groups = new Float64Array((2 * c.B) / o.G);
  const s = cpu(rewards, adv, groups, Float64Array.from(c.scores), c.hasEos, Float64Array.from(c.kl), Float64Array.from(c.mask), c.B, c.T, o);
  return { rewards, adv, groups, stats: [s.fracRewardZeroStd, s.rewardStdBatch] };
}

/**
 * Tolerance: float32 sums of n terms are within n·u·Σ|x| (Higham §4.2); advantages divide by
 * (std + 1e-4), so their error is the rewards' error over (std + 1e-4) plus the std's relative error
 * times |A|. `scale` is the largest |r| (or |A| before normalisation); 1e-6 relative covers G ≤ 16.
 */
function compare(got: Awaited<ReturnType<typeof runGpu>>, want: ReturnType<typeof runCpu>, o: GroupAdvantageOptions, c: Case) {
  const rScale = Math.max(1, ...Array.from(want.rewards, Math.abs));
  for (let b = 0; b < c.B; b++) expect(Math.abs(got.rewards[b] - want.rewards[b])).toBeLessThanOrEqual((c.T + 4) * 2 ** -23 * rScale);
  let worst = 0;
  for (let b = 0; b < c.B; b++) {
    const g = o.scaleRewards === 'group' ? want.groups[2 * Math.floor(b / o.G) + 1] : o.scaleRewards === 'batch' ? want.stats[1] : 1;
    const tol = 64 * 2 ** -23 * (rScale / (g + 1e-4) + Math.abs(want.adv[b])) * (o.normalize ? 4 : 1) + 1e-7;
    const err = Math.abs(got.adv[b] - want.adv[b]);
    worst = Math.max(worst, err / tol);
    expect(err, `row ${b}: gpu ${got.adv[b]} cpu ${want.adv[b]}`).toBeLessThanOrEqual(tol);
  }
  for (let i = 0; i < want.groups.length; i++) expect(Math.abs(got.groups[i] - want.groups[i])).toBeLessThanOrEqual(32 * 2 ** -23 * rScale);
  expect(got.stats[0]).toBeCloseTo(want.stats[0], 6); // a count (exact) times 1/B
  expect(Math.abs(got.stats[1] - want.stats[1])).toBeLessThanOrEqual((c.B + 8) * 2 ** -23 * rScale);
  return worst;
}

describe.skipIf(variants.length === 0)('group_advantages kernel (GPU vs CPU)', () => {
  for (const v of variants) {
    describe(v.name, () => {
      const cases: [string, GroupAdvantageOptions, number, number][] = [
        ['GRPO scale=group, B=64 G=4', GRPO, 64, 6],
        ['GRPO scale=batch, B=48 G=8', { ...GRPO, G: 8, scaleRewards: 'batch' }, 48, 5],
        ['Dr. GRPO scale=none, B=30 G=3', { ...GRPO, G: 3, scaleRewards: 'none' }, 30, 4],
        ['RLOO (KL in reward, normalised), B=600 G=6 (> WG rows)', RLOO, 600, 12],
        ['GRPO G=1 (zero advantages), B=5', { ...GRPO, G: 1 }, 5, 3],
        ['B=G=2, T=1', { ...RLOO, G: 2 }, 2, 1],
      ];
      for (const [name, o, B, T] of cases) {
        it(`${name}: random scores`, async () => {
          const c = makeCase(B * 31 + T, B, T, o.G, (r) => r.normal() * 2);
          const worst = compare(await runGpu(v.rt, c, o), runCpu(c, o), o, c);
          console.log(`group_advantages ${v.name} ${name}: worst err/bound ${worst.toExponential(2)}`);
        });
      }

      it('extreme scores (±1e4, clipped at ±50, 0/1 checker rewards) and equal groups: exactly 0 advantage', async () => {
        const o = { ...GRPO, rewardClip: 50 };
        const c = makeCase(3, 64, 4, 4, (r) => (r.uniform() < 0.5 ? 1e4 : r.uniform() < 0.5 ? 0 : 1));
        const got = await runGpu(v.rt, c, o), want = runCpu(c, o);
        compare(got, want, o, c);
        for (let g = 1; g < 16; g += 3) expect(Array.from(got.adv.subarray(g * 4, g * 4 + 4))).toEqual([0, 0, 0, 0]);
        expect(got.stats[0]).toBeGreaterThan(0);
      });
    });
  }
});
