import { describe, expect, it } from 'vitest';
import { makePpoConfig } from '../engine/rl/ppo-config';
import { iterationFlops, iterationMeasured, presetCost } from './preset-cost';

// The page's estimate of a model size's iteration cost: the time measured for the current size on
// this engine, scaled by the ratio of the iterations' arithmetic (src/engine/model/cost.ts).
describe('the cost of a model size before switching', () => {
  const config = makePpoConfig({ maxResponseLength: 12 });
  const state = (engine: 'cpu' | 'gpu', fallback = false) => ({
    scenario: 'reviews', preset: 'tiny' as const, config,
    session: { engine } as never, probe: { available: true, isFallbackAdapter: fallback, summary: '', reason: '' } as never,
  });

  it('scales the measured time of the current size by the FLOP ratio, per engine', () => {
    const ratio = iterationFlops('reviews', 'small', config) / iterationFlops('reviews', 'tiny', config);
    iterationMeasured('cpu', 'reviews', 'tiny', config, 200);
    const c = presetCost(state('cpu'), 'small');
    expect(c.ratio).toBeCloseTo(ratio, 10);
    expect(c.seconds).toBeCloseTo(0.2 * ratio, 10);
    expect(c.slowEngine).toBe(true);
    expect(presetCost(state('cpu'), 'micro').ratio).toBeLessThan(1);
  });

  it('has no time before an iteration was measured on that engine; a real GPU is not a slow engine', () => {
    expect(presetCost(state('gpu'), 'small').seconds).toBeNull();
    expect(presetCost(state('gpu'), 'small').slowEngine).toBe(false);
    expect(presetCost(state('gpu', true), 'small').slowEngine).toBe(true);
  });

  it('a measurement of another size or batch on the same engine gives the same time per FLOP', () => {
    const big = makePpoConfig({ maxResponseLength: 12, batchSize: 128 });
    iterationMeasured('gpu', 'reviews', 'small', big, 9000);
    const perFlop = 9000 / iterationFlops('reviews', 'small', big);
    expect(presetCost(state('gpu', true), 'small').seconds).toBeCloseTo((iterationFlops('reviews', 'small', config) * perFlop) / 1000, 10);
  });
});
