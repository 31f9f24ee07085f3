import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { Gpt } from '../model/gpt';
import { createPpoRun, modelConfigFor } from '../pipeline/stages';
import { makePpoConfig } from './ppo-config';

// PPO sanity invariants (docs/conventions.md §3) on the CPU engine with random micro models: fast, and
// independent of any training.
const scenario = getScenario('reviews');
const config = modelConfigFor(scenario, 'micro');

function weights(head: 'lm' | 'reward', seed: number): Float32Array {
  const m = new Gpt(new CpuBackend(), config, head);
  m.init(seed);
  const p = m.params.slice();
  if (head === 'reward') for (let i = m.layout.get('head.w').offset; i < m.layout.get('head.w').offset + config.channels; i++) p[i] = 0.5 * Math.sin(i);
  return p;
}

function run(overrides: Record<string, unknown> = {}) {
  return createPpoRun(new CpuBackend(), scenario, config, weights('lm', 1), weights('reward', 2), makePpoConfig({ batchSize: 16, minibatches: 2, epochs: 2, ...overrides }));
}

describe('one PPO iteration: invariants', () => {
  it('first minibatch: ratio ≡ 1, approx-KL ≡ 0, clip fraction 0; the reference equals the actor at the start (KL ≡ 0)', async () => {
    const ppo = run();
    const { feedback, learning } = await ppo.step();
    expect(learning.minibatches[0].approxkl).toBe(0);
    expect(learning.minibatches[0].clipfrac).toBe(0);
    expect(Array.from(feedback.kl).every((k) => k === 0)).toBe(true);
    expect(learning.stats['objective/kl']).toBe(0);
    expect(learning.minibatches).toHaveLength(4);
    // Later minibatches moved the policy.
    expect(learning.minibatches[3].approxkl).toBeGreaterThan(0);
  });

  it('β = 0: rewards are zero except the clipped score on the last real token', async () => {
    const ppo = run({ klCoef: 0, rewardClip: 0.05 });
    const r = await ppo.sample();
    const f = await ppo.feedback();
    const { B, T } = r;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const want = t === r.lastT[b] ? Math.max(-0.05, Math.min(0.05, r.hasEos[b] ? f.scores[b] : -1)) : 0;
        expect(f.rewards[b * T + t]).toBeCloseTo(want, 6);
      }
    }
  });

  it('the shown KL is log-prob minus reference log-prob (k1), masked; rewards = −β·KL (+ score at the end)', async () => {
    const ppo = run({ klCoef: 0.3 });
    await ppo.step(); // move the actor away from the reference
    const r = await ppo.sample();
    const f = await ppo.feedback();
    const { B, T } = r;
    let nonzero = 0;
    for (let i = 0; i < B * T; i++) {
      const want = r.mask[i] ? f.logprobs[i] - f.refLogprobs[i] : 0;
      expect(f.kl[i]).toBeCloseTo(want, 5);
      if (Math.abs(want) > 1e-4) nonzero++;
      const b = Math.floor(i / T), t = i % T;
      const score = t === r.lastT[b] ? Math.max(-10, Math.min(10, r.hasEos[b] ? f.scores[b] : -1)) : 0;
      expect(f.rewards[i]).toBeCloseTo(r.mask[i] ? -0.3 * f.kl[i] + score : 0, 5);
    }
    expect(nonzero).toBeGreaterThan(0);
  });

  it('returns = advantages + values at real tokens, zeros after; whitened advantages have mean 0, variance 1', async () => {
    const ppo = run();
    const { rollout: r, feedback: f, learning: l } = await ppo.step();
    let n = 0, s = 0, s2 = 0;
    for (let i = 0; i < r.B * r.T; i++) {
      if (r.mask[i]) {
        expect(l.returns[i]).toBeCloseTo(l.advantages[i] + f.values[i], 5);
        n++;
        s += l.advantagesWhite[i];
        s2 += l.advantagesWhite[i] ** 2;
      } else {
        expect(l.returns[i]).toBe(0);
        expect(l.advantages[i]).toBe(0);
      }
    }
    expect(Math.abs(s / n)).toBeLessThan(1e-5);
    expect(s2 / n).toBeCloseTo(1, 4);
  });

  it('is reproducible from the seed, and a config change applies from the next iteration', async () => {
    const a = await run({ seed: 5 }).step();
    const b = await run({ seed: 5 }).step();
    expect(Array.from(b.rollout.tokens)).toEqual(Array.from(a.rollout.tokens));
    expect(b.learning.stats).toEqual(a.learning.stats);
    const ppo = run({ seed: 5 });
    await ppo.step();
    ppo.setConfig(makePpoConfig({ ...ppo.config, batchSize: 8, minibatches: 1, epochs: 1, klCoef: 0.2 }));
    const next = await ppo.step();
    expect(next.rollout.B).toBe(8);
    expect(next.learning.minibatches).toHaveLength(1);
    expect(next.feedback.klCoef).toBe(0.2);
  });
});
