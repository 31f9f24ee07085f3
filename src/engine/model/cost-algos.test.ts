import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { createPpoRun, modelConfigFor } from '../pipeline/stages';
import { makePpoConfig } from '../rl/ppo-config';
import { ppoIterationFlops } from '../rl/iteration-cost';
import { countFlops } from './cost';
import { Gpt } from './gpt';

// The analytic FLOP count (what the page's cost estimate scales by) equals what the engine runs,
// counted op by op, for the algorithms beyond PPO (docs/algorithms.md): no critic for the
// critic-free ones, DPO's pairs and fresh answers, PTX on a critic-free algorithm.
describe('iteration FLOPs of every algorithm', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['grpo', { algo: 'grpo', num_generations: 4 }],
    ['rloo + PTX', { algo: 'rloo', num_generations: 4, ptxCoef: 0.5, ptxBatchSize: 8 }],
    ['reinforce_pp', { algo: 'reinforce_pp' }],
    ['dpo', { algo: 'dpo', epochs: 2 }],
  ];
  for (const [name, overrides] of cases) {
    it(`${name} (reviews micro, B = 16, 2 minibatches): analytic = counted`, async () => {
      const scenario = getScenario('reviews');
      const config = modelConfigFor(scenario, 'micro');
      const be = new CpuBackend();
      const counter = countFlops(be);
      const lm = new Gpt(be, config, 'lm');
      lm.init(1);
      const rm = new Gpt(be, config, 'reward');
      rm.init(2);
      const ppo = makePpoConfig({ maxResponseLength: scenario.maxResponseLength, batchSize: 16, minibatches: 2, epochs: 1, ...overrides });
      const run = createPpoRun(be, scenario, config, lm.params.slice(), rm.params.slice(), ppo);
      counter.reset();
      await run.sample();
      await run.feedback();
      await run.learn();
      const shape = { B: 16, P: scenario.promptLength, T: ppo.maxResponseLength, epochs: ppo.epochs, minibatches: 2, rewardModel: true, ptxBatchSize: ppo.ptxBatchSize, ptx: ppo.ptxCoef > 0 };
      expect(ppoIterationFlops(config, { ...shape, algo: ppo.algo })).toBe(counter.flops);
      // The algorithm matters: counted as PPO the estimate would be off (a critic, or DPO's pairs).
      expect(ppoIterationFlops(config, shape)).not.toBe(counter.flops);
    });
  }
});
