import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { groupAdvantages, GROUP_STD_EPS, type GroupAdvantageOptions } from './group-advantages';

const GRPO: GroupAdvantageOptions = { G: 3, baseline: 'mean', scaleRewards: 'group', normalize: false, klCoef: 0, rewardClip: 100, missingEosPenalty: -1 };

function run(scores: number[], o: Partial<GroupAdvantageOptions> = {}, eos?: number[], kl?: Float64Array, T = 1) {
  const opts = { ...GRPO, ...o }, B = scores.length;
  const rewards = new Float64Array(B), adv = new Float64Array(B), groups = new Float64Array((2 * B) / opts.G);
  const mask = new Float64Array(B * T).fill(1);
  const stats = groupAdvantages(rewards, adv, groups, Float64Array.from(scores), eos ?? scores.map(() => 1), kl ?? new Float64Array(B * T), mask, B, T, opts);
  return { rewards, adv, groups, stats };
}

/** TRL's GRPO formula written the way the PyTorch code reads (plain mean, torch.std with Bessel). */
function trlGroupAdvantages(r: number[], G: number): number[] {
  const out: number[] = [];
  for (let g = 0; g < r.length / G; g++) {
    const xs = r.slice(g * G, (g + 1) * G);
    const mean = xs.reduce((a, b) => a + b, 0) / G;
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (G - 1));
    for (const x of xs) out.push((x - mean) / (std + 1e-4));
  }
  return out;
}

describe('groupAdvantages (GRPO: group mean baseline, std scaling)', () => {
  it('hand-computed group of 3: A = (r − mean)/(Bessel std + 1e-4)', () => {
    const { adv, groups } = run([1, 2, 4]);
    const mean = 7 / 3, std = Math.sqrt(((1 - mean) ** 2 + (2 - mean) ** 2 + (4 - mean) ** 2) / 2);
    expect(groups[0]).toBeCloseTo(mean, 12);
    expect(groups[1]).toBeCloseTo(std, 12);
    [1, 2, 4].forEach((r, i) => expect(adv[i]).toBeCloseTo((r - mean) / (std + GROUP_STD_EPS), 12));
  });

  it('matches TRL’s formula on random groups (G = 4, 8 groups)', () => {
    const rng = new Rng(3);
    const scores = Array.from(rng.normalArray(32, 2, 0.5));
    const { adv } = run(scores, { G: 4 });
    const want = trlGroupAdvantages(scores, 4);
    for (let i = 0; i < 32; i++) expect(adv[i]).toBeCloseTo(want[i], 9);
  });

  it('a group of equal rewards gets exactly zero advantage in every mode, and counts in frac_reward_zero_std', () => {
    for (const scaleRewards of ['group', 'batch', 'none'] as const) {
      const { adv, stats } = run([0.1, 0.1, 0.1, 1, 2, 3], { scaleRewards });
      expect(Array.from(adv.subarray(0, 3))).toEqual([0, 0, 0]);
      expect(stats.fracRewardZeroStd).toBe(scaleRewards === 'batch' ? 0 : 0.5);
    }
  });

  it('scale_rewards: none (Dr. GRPO) leaves r − mean; batch divides by the batch’s Bessel std', () => {
    const scores = [1, 2, 4, 0, 0, 3];
    const none = run(scores, { scaleRewards: 'none' });
    expect(Array.from(none.adv)).toEqual([1 - 7 / 3, 2 - 7 / 3, 4 - 7 / 3, -1, -1, 2].map((x) => expect.closeTo(x, 12)));
    const batch = run(scores, { scaleRewards: 'batch' });
    const m = 10 / 6, s = Math.sqrt(scores.reduce((a, x) => a + (x - m) ** 2, 0) / 5);
    expect(batch.stats.rewardStdBatch).toBeCloseTo(s, 12);
    for (let i = 0; i < 6; i++) expect(batch.adv[i]).toBeCloseTo(none.adv[i] / (s + GROUP_STD_EPS), 12);
  });

  it('sequence reward: clipped score with EOS, the missing-EOS penalty without', () => {
    const { rewards } = run([5, -7, 0.5], { rewardClip: 2, missingEosPenalty: -3 }, [1, 1, 0]);
    expect(Array.from(rewards)).toEqual([2, -2, -3]);
  });

  it('a group of one (G = 1) has zero advantage; B not a multiple of G is refused', () => {
    expect(Array.from(run([1, 5, -2], { G: 1 }).adv)).toEqual([0, 0, 0]);
    expect(() => run([1, 2, 3, 4], { G: 3 })).toThrow(/B = 4 is not a multiple of the group size G = 3/);
  });
});

describe('groupAdvantages (RLOO: leave-one-out baseline, KL in the reward)', () => {
  const RLOO: Partial<GroupAdvantageOptions> = { baseline: 'loo', scaleRewards: 'none' };

  it('hand-computed: baseline = mean of the other G − 1 rewards', () => {
    const { adv } = run([1, 2, 4], RLOO);
    expect(Array.from(adv)).toEqual([1 - 3, 2 - 2.5, 4 - 1.5]);
  });

  it('A_loo = G/(G−1)·(r − group mean) on random groups; equal groups give exactly 0', () => {
    const rng = new Rng(9);
    const scores = Array.from(rng.normalArray(20, 1));
    scores.fill(0.3, 5, 10);
    const loo = run(scores, { ...RLOO, G: 5 }), mean = run(scores, { G: 5, scaleRewards: 'none' });
    for (let i = 0; i < 20; i++) expect(loo.adv[i]).toBeCloseTo((5 / 4) * mean.adv[i], 12);
    expect(Array.from(loo.adv.subarray(5, 10))).toEqual([0, 0, 0, 0, 0]);
  });

  it('the sequence KL enters the reward: r = score − β·Σ_t kl·m (masked tokens ignored)', () => {
    const T = 3, B = 2;
    const kl = Float64Array.from([0.5, 0.25, 99, 1, 1, 1]);
    const mask = Float64Array.from([1, 1, 0, 1, 1, 1]);
    const rewards = new Float64Array(B), adv = new Float64Array(B), groups = new Float64Array(2);
    groupAdvantages(rewards, adv, groups, Float64Array.from([1, 1]), [1, 1], kl, mask, B, T, { ...GRPO, ...RLOO, G: 2, klCoef: 0.1 });
    expect(rewards[0]).toBeCloseTo(1 - 0.1 * 0.75, 12);
    expect(rewards[1]).toBeCloseTo(1 - 0.1 * 3, 12);
    expect(adv[0]).toBeCloseTo(rewards[0] - rewards[1], 12);
  });

  it('normalize_advantages: batch mean 0, Bessel std 1/(1 + 1e-4/std)', () => {
    const rng = new Rng(2);
    const { adv } = run(Array.from(rng.normalArray(12, 3)), { ...RLOO, G: 4, normalize: true });
    const m = adv.reduce((a, b) => a + b, 0) / 12;
    const s = Math.sqrt(adv.reduce((a, b) => a + (b - m) ** 2, 0) / 11);
    expect(Math.abs(m)).toBeLessThan(1e-12);
    expect(s).toBeGreaterThan(0.999);
    expect(s).toBeLessThan(1);
  });
});
