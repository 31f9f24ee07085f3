import { describe, expect, it } from 'vitest';
import { ALGO_DEFAULTS, ALGOS } from './algo-config';
import { makePpoConfig } from './ppo-config';

describe('algorithm settings in the validated config', () => {
  it('every algorithm has a valid default config; its own defaults apply', () => {
    for (const algo of ALGOS) {
      const c = makePpoConfig({ algo });
      expect(c.algo).toBe(algo);
      expect(c).toMatchObject(ALGO_DEFAULTS[algo]);
    }
    expect(makePpoConfig({ algo: 'dapo' })).toMatchObject({ loss_type: 'dapo', epsilon_high: 0.28, dynamic_sampling: true });
  });

  it('B not a multiple of G is refused, naming num_generations; G = 1 is refused for group algorithms', () => {
    expect(() => makePpoConfig({ algo: 'grpo', batchSize: 12, num_generations: 8 })).toThrow(/^num_generations must divide batchSize \(12\)/);
    expect(() => makePpoConfig({ algo: 'rloo', num_generations: 1 })).toThrow(/^num_generations must be ≥ 2 for rloo/);
    // PPO ignores G, so it does not have to divide B.
    expect(makePpoConfig({ algo: 'ppo', batchSize: 12, minibatches: 1 }).batchSize).toBe(12);
  });

  it('loss_type must belong to the algorithm; dynamic sampling needs groups', () => {
    expect(() => makePpoConfig({ algo: 'dpo', loss_type: 'grpo' })).toThrow(/^loss_type must be one of "sigmoid", "ipo"/);
    expect(() => makePpoConfig({ algo: 'grpo', loss_type: 'ipo' })).toThrow(/^loss_type must be one of "grpo", "bnpo", "dr_grpo", "dapo"/);
    expect(() => makePpoConfig({ algo: 'ppo', dynamic_sampling: true })).toThrow(/^dynamic_sampling needs groups of answers/);
    expect(makePpoConfig({ algo: 'dpo', loss_type: 'ipo' }).loss_type).toBe('ipo');
  });

  it('TRL aliases map to our names; giving both names is refused; scale_rewards accepts TRL’s booleans', () => {
    expect(makePpoConfig({ algo: 'grpo', beta: 0.1, epsilon: 0.3, num_iterations: 3 })).toMatchObject({ klCoef: 0.1, clipEps: 0.3, epochs: 3 });
    expect(() => makePpoConfig({ beta: 0.1, klCoef: 0.2 })).toThrow(/^beta is TRL's name for klCoef, which is also given/);
    expect(makePpoConfig({ algo: 'grpo', scale_rewards: false }).scale_rewards).toBe('none');
    expect(makePpoConfig({ algo: 'grpo', scale_rewards: true }).scale_rewards).toBe('group');
  });

  it('PTX settings: coefficient ≥ 0 (0 = off), a whole batch size ≥ 1', () => {
    expect(makePpoConfig({}).ptxCoef).toBe(0);
    expect(() => makePpoConfig({ ptxCoef: -0.5 })).toThrow(/^ptxCoef must be in \[0, 100\]/);
    expect(() => makePpoConfig({ ptxBatchSize: 2.5 })).toThrow(/^ptxBatchSize must be a whole number/);
  });
});
