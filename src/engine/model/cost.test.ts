import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { createPpoRun, modelConfigFor } from '../pipeline/stages';
import { makePpoConfig } from '../rl/ppo-config';
import { ppoIterationFlops } from '../rl/iteration-cost';
import { countFlops } from './cost';
import { Gpt } from './gpt';

// The analytic FLOP count of a PPO iteration (what the page's cost estimate scales by) equals what
// the engine actually runs, counted op by op on real iterations: with and without a reward model,
// two presets, two batch splits.
describe('PPO iteration FLOPs', () => {
  for (const [scenarioId, preset, B, minibatches, epochs, ptxCoef, ptxBatchSize] of [['reviews', 'micro', 16, 2, 2, 0, 16], ['arithmetic', 'tiny', 8, 4, 1, 0, 24], ['reviews', 'tiny', 64, 2, 4, 0, 16], ['reviews', 'micro', 16, 2, 1, 0.5, 12]] as const) {
    it(`${scenarioId} ${preset}, B=${B}, ${epochs} epochs × ${minibatches} minibatches, ptxCoef ${ptxCoef} (SFT batches of ${ptxBatchSize}): analytic = counted`, async () => {
      const scenario = getScenario(scenarioId);
      const config = modelConfigFor(scenario, preset);
      const be = new CpuBackend();
      const counter = countFlops(be);
      const lm = new Gpt(be, config, 'lm');
      lm.init(1);
      const rm = scenario.hasRewardModel ? new Gpt(be, config, 'reward') : null;
      rm?.init(2);
      const ppo = makePpoConfig({ maxResponseLength: scenario.maxResponseLength, batchSize: B, minibatches, epochs, ptxCoef, ptxBatchSize });
      const run = createPpoRun(be, scenario, config, lm.params.slice(), rm ? rm.params.slice() : null, ppo);
      counter.reset();
      await run.sample();
      await run.feedback();
      await run.learn();
      const analytic = ppoIterationFlops(config, { B, P: scenario.promptLength, T: ppo.maxResponseLength, epochs, minibatches, rewardModel: scenario.hasRewardModel, ptxBatchSize, ptx: ptxCoef > 0 });
      expect(analytic).toBe(counter.flops);
    });
  }
  it('the default scenario: small costs about 13× tiny per iteration', () => {
    const scenario = getScenario('reviews');
    const ppo = makePpoConfig({ maxResponseLength: scenario.maxResponseLength });
    const shape = { B: ppo.batchSize, P: scenario.promptLength, T: ppo.maxResponseLength, epochs: ppo.epochs, minibatches: ppo.minibatches, rewardModel: true, ptxBatchSize: ppo.ptxBatchSize, ptx: false };
    const tiny = ppoIterationFlops(modelConfigFor(scenario, 'tiny'), shape), small = ppoIterationFlops(modelConfigFor(scenario, 'small'), shape);
    expect(tiny / 1e9).toBeCloseTo(3.34, 2); // bench/ppo-iteration.bench.ts prints the counted figure
    expect(small / tiny).toBeGreaterThan(10);
    expect(small / tiny).toBeLessThan(16);
  });
});
