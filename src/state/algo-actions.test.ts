import { describe, expect, it } from 'vitest';
import { makePpoConfig } from '../engine/rl/ppo-config';
import { configForAlgorithm } from './algo-actions';
import { defaultRunName } from './library/naming';

describe('the algorithm switch', () => {
  it('settings at the old algorithm’s defaults move to the new one’s; settings the user chose stay', () => {
    const ppo = makePpoConfig({ maxResponseLength: 12 });
    expect(configForAlgorithm('reviews', ppo, 'grpo')).toMatchObject({ algo: 'grpo', klCoef: 0.04, loss_type: 'grpo' });
    const chosen = makePpoConfig({ maxResponseLength: 12, klCoef: 0.2, actorLr: 5e-4 });
    expect(configForAlgorithm('reviews', chosen, 'dpo')).toMatchObject({ algo: 'dpo', klCoef: 0.2, actorLr: 5e-4, loss_type: 'sigmoid', batchSize: 128, epochs: 2 });
    // Back to PPO: DPO's β (its default) returns to PPO's default.
    const dpo = configForAlgorithm('reviews', ppo, 'dpo');
    expect(configForAlgorithm('reviews', dpo, 'ppo')).toEqual(ppo);
  });

  it('a group size that does not divide the batch becomes the largest one that does (never an invalid config)', () => {
    expect(configForAlgorithm('reviews', makePpoConfig({ batchSize: 12, minibatches: 2 }), 'grpo').num_generations).toBe(6);
    expect(configForAlgorithm('reviews', makePpoConfig({ batchSize: 15, minibatches: 3 }), 'rloo').num_generations).toBe(3);
    expect(configForAlgorithm('reviews', makePpoConfig({ batchSize: 13, minibatches: 1 }), 'grpo').num_generations).toBe(13);
  });

  it('runs are named after their algorithm, with the settings that differ from its defaults', () => {
    const grpo = configForAlgorithm('reviews', makePpoConfig({ seed: 7 }), 'grpo');
    expect(defaultRunName('reviews', 'micro', grpo)).toBe('reviews · micro · grpo · seed 7');
    expect(defaultRunName('reviews', 'micro', { ...grpo, num_generations: 4 })).toBe('reviews · micro · grpo · seed 7 · num_generations=4');
    expect(defaultRunName('reviews', 'micro', makePpoConfig({ seed: 7 }))).toBe('reviews · micro · seed 7');
  });
});
