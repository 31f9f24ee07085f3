import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { Gpt } from '../model/gpt';
import { loadShipped } from '../pipeline/shipped';
import { createPpoRun, modelConfigFor } from '../pipeline/stages';
import { makePpoConfig } from './ppo-config';

// Invariants of the algorithms beyond PPO (docs/algorithms.md) on the CPU engine with random micro
// models: fast, and independent of any training. One trainer runs them all.
const scenario = getScenario('reviews');
const config = modelConfigFor(scenario, 'micro');

function weights(head: 'lm' | 'reward', seed: number): Float32Array {
  const m = new Gpt(new CpuBackend(), config, head);
  m.init(seed);
  const p = m.params.slice();
  if (head === 'reward') for (let i = m.layout.get('head.w').offset; i < m.layout.get('head.w').offset + config.channels; i++) p[i] = 0.5 * Math.sin(i);
  return p;
}

function run(overrides: Record<string, unknown>) {
  return createPpoRun(new CpuBackend(), scenario, config, weights('lm', 1), weights('reward', 2), makePpoConfig({ batchSize: 16, minibatches: 2, epochs: 2, maxResponseLength: scenario.maxResponseLength, ...overrides }));
}

const paramsOf = (g: Gpt<unknown, unknown>) => (g.params as Float32Array).slice();

describe('GRPO family', () => {
  it('G answers per prompt from one sampler: rows of a group share their prompt; the first update has ratio ≡ 1', async () => {
    const t = run({ algo: 'grpo', num_generations: 4 });
    const { rollout: r, feedback: f, learning: l } = await t.step();
    expect(r.groups).toBe(4);
    for (let b = 0; b < r.B; b++) expect(Array.from(r.tokens.subarray(b * r.S, b * r.S + r.P))).toEqual(Array.from(r.tokens.subarray((b - (b % 4)) * r.S, (b - (b % 4)) * r.S + r.P)));
    expect(l.minibatches[0].approxkl).toBe(0);
    expect(l.minibatches[0].clipfrac).toBe(0);
    expect(l.minibatches[3].approxkl).toBeGreaterThan(0);
    // Every token of an answer carries its answer's advantage; groups average to 0 (scale_rewards = group).
    const g = f.group!;
    for (let k = 0; k < r.B / 4; k++) expect(Math.abs(g.advantages.subarray(4 * k, 4 * k + 4).reduce((a, x) => a + x, 0))).toBeLessThan(1e-4);
    for (let i = 0; i < r.B * r.T; i++) if (r.mask[i]) expect(l.advantages[i]).toBe(g.advantages[Math.floor(i / r.T)]);
    expect(l.stats).toHaveProperty('frac_reward_zero_std');
    expect(l.stats).not.toHaveProperty('loss/value_avg');
  });

  it('side by side with PPO on one seed: GRPO\'s B/G prompts are the first B/G of PPO\'s B, every iteration', async () => {
    const ppo = run({ seed: 4 }), grpo = run({ algo: 'grpo', num_generations: 4, seed: 4 });
    for (let iteration = 0; iteration < 2; iteration++) {
      const p = await ppo.sample(), g = await grpo.sample();
      const prompt = (r: typeof p, b: number) => Array.from(r.tokens.subarray(b * r.S, b * r.S + r.P));
      for (let k = 0; k < g.B / 4; k++) expect(prompt(g, 4 * k)).toEqual(prompt(p, k));
      expect(prompt(p, 1)).not.toEqual(prompt(p, 0)); // PPO's rows are distinct prompts
      await Promise.all([ppo, grpo].map(async (t) => { await t.feedback(); await t.learn(); }));
    }
  });

  it('no critic: its weights do not move; the reference never moves', async () => {
    const t = run({ algo: 'dr_grpo', num_generations: 4 });
    const critic = paramsOf(t.models.critic), ref = paramsOf(t.models.reference), actor = paramsOf(t.models.actor);
    await t.step();
    expect(paramsOf(t.models.critic)).toEqual(critic);
    expect(paramsOf(t.models.reference)).toEqual(ref);
    expect(paramsOf(t.models.actor)).not.toEqual(actor);
  });

  it('DAPO dynamic sampling on 0/1 checker rewards: equal groups are dropped and resampled, within the bound', async () => {
    // The shipped SFT model answers about a third of the sums right, so some groups are all right or all wrong.
    const arith = getScenario('arithmetic');
    const sft = (await loadShipped(arith, 'micro', async (p) => new Uint8Array(readFileSync(join('public', p))))).sft;
    const dapo = (o: Record<string, unknown>) => createPpoRun(new CpuBackend(), arith, sft.config, sft.params, null, makePpoConfig({ batchSize: 16, minibatches: 2, epochs: 1, maxResponseLength: arith.maxResponseLength, algo: 'dapo', num_generations: 4, seed: 3, ...o }));
    const plain = await dapo({ dynamic_sampling: false }).step();
    const dyn = await dapo({ max_num_gen_batches: 3 }).step();
    const zero = plain.learning.stats.frac_reward_zero_std;
    console.log(`dapo on arithmetic: frac_reward_zero_std ${zero} without dynamic sampling, ${dyn.learning.stats.frac_reward_zero_std} with (${dyn.rollout.sampling!.droppedGroups} groups dropped in ${dyn.rollout.sampling!.rounds} rounds)`);
    expect(zero).toBeGreaterThan(0);
    expect(dyn.rollout.sampling!.droppedGroups).toBeGreaterThan(0);
    expect(dyn.rollout.sampling!.rounds).toBeLessThanOrEqual(3);
    expect(dyn.learning.stats.frac_reward_zero_std).toBeLessThan(zero);
    expect(dyn.learning.stats.frac_reward_zero_std).toBeCloseTo(dyn.rollout.sampling!.filledWithEqual / 4, 6);
  });
});

describe('RLOO and REINFORCE++', () => {
  it('RLOO: the reward is score − β·Σ k1 and the per-token rewards sum to it; the first update has ratio ≡ 1', async () => {
    const t = run({ algo: 'rloo', num_generations: 4, klCoef: 0.3 });
    await t.step(); // move the actor away from the reference so the KL term is not zero
    const r = await t.sample(), f = await t.feedback();
    let nonzero = 0;
    for (let b = 0; b < r.B; b++) {
      let sum = 0, kl = 0;
      for (let k = 0; k < r.T; k++) { sum += f.rewards[b * r.T + k]; kl += f.kl[b * r.T + k]; }
      expect(f.group!.rewards[b]).toBeCloseTo(sum, 4);
      expect(f.group!.rewards[b]).toBeCloseTo((r.hasEos[b] ? Math.max(-10, Math.min(10, f.scores[b])) : -1) - 0.3 * kl, 4);
      if (Math.abs(kl) > 1e-3) nonzero++;
    }
    expect(nonzero).toBeGreaterThan(0);
    const l = await t.learn();
    expect(l.minibatches[0].approxkl).toBe(0);
  });

  it('REINFORCE++: returns are the reversed cumulative sum of the per-token rewards (γ = 1, no critic), advantages whitened', async () => {
    const t = run({ algo: 'reinforce_pp', klCoef: 0.1 });
    const critic = paramsOf(t.models.critic);
    const { rollout: r, feedback: f, learning: l } = await t.step();
    for (let b = 0; b < r.B; b++) {
      let acc = 0;
      for (let k = r.T - 1; k >= 0; k--) {
        const i = b * r.T + k;
        if (!r.mask[i]) continue;
        acc += f.rewards[i];
        expect(l.returns[i]).toBeCloseTo(acc, 4);
      }
    }
    expect(Array.from(f.values).every((v) => v === 0)).toBe(true);
    expect(paramsOf(t.models.critic)).toEqual(critic);
    expect(l.minibatches[0].approxkl).toBe(0);
  });
});

describe('DPO', () => {
  it('at the start the policy is the reference: implicit rewards 0, loss log 2 on the first update; the actor moves, no critic', async () => {
    const t = run({ algo: 'dpo', epochs: 1 });
    const critic = paramsOf(t.models.critic);
    const { feedback: f, learning: l } = await t.step();
    const d = f.dpo!;
    expect(d.pairs).toHaveLength(16);
    for (const p of d.pairs) {
      expect(p.rewardChosen).toBe(0);
      expect(p.margin).toBe(0);
    }
    expect(l.minibatches[0].policyLoss).toBeCloseTo(Math.LN2, 5);
    expect(l.stats['rewards/accuracies']).toBe(0);
    expect(l.stats).toHaveProperty('eval_rewards/accuracies');
    expect(paramsOf(t.models.critic)).toEqual(critic);
    const next = await t.step();
    expect(next.learning.stats['rewards/margins']).not.toBe(0);
  });

  it("the class's pairs are the data when dpo_pairs = 'class'; none labelled is a clear error", async () => {
    const t = run({ algo: 'dpo', dpo_pairs: 'class' });
    await expect(t.sample()).rejects.toThrow(/label some in the labeller panel first/);
    const p = scenario.prompts(new (await import('../tensor/rng')).Rng(1), 1)[0];
    t.setClassPairs([{ prompt: [...p], chosen: [5, 6, 1], rejected: [7, 1] }]);
    await t.sample();
    const f = await t.feedback();
    expect(f.dpo!.source).toBe('class');
    for (const pair of f.dpo!.pairs) expect(pair.chosen).toEqual([5, 6, 1]);
  });
});

describe('PPO-ptx', () => {
  it('one AdamW step per update with the PTX term (both gradients accumulated first); its loss per minibatch and in the stats', async () => {
    const t = run({ ptxCoef: 0.5, ptxBatchSize: 4 });
    const { learning: l } = await t.step();
    expect(t.models.actor.steps).toBe(4);
    for (const m of l.minibatches) expect(m.ptxLoss).toBeGreaterThan(0);
    expect(l.stats['loss/ptx_avg']).toBeCloseTo(l.minibatches.reduce((a, m) => a + m.ptxLoss!, 0) / 4, 5);
    expect(l.stats['language/heldout_ce']).toBeGreaterThan(0);
  });

  it('ptxCoef = 0 changes nothing: the same actor as without PTX settings; a PTX run moves it differently', async () => {
    const a = run({ seed: 4 }), b = run({ seed: 4, ptxBatchSize: 8 }), c = run({ seed: 4, ptxCoef: 1 });
    await a.step(); await b.step(); await c.step();
    expect(paramsOf(b.models.actor)).toEqual(paramsOf(a.models.actor));
    expect(paramsOf(c.models.actor)).not.toEqual(paramsOf(a.models.actor));
  });
});
