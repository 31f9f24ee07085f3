import { describe, expect, it } from 'vitest';
import { adaptKlCoef, ConfigError, DEFAULT_PPO, lrFactor, makePpoConfig } from './ppo-config';

describe('PPO config', () => {
  it('defaults are valid and overrides apply', () => {
    expect(makePpoConfig()).toEqual(DEFAULT_PPO);
    expect(makePpoConfig({ klCoef: 0 }).klCoef).toBe(0);
  });

  it('rejects bad values with a message naming the field', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ clipEps: -0.1 }, /^clipEps must be ≥ 0/],
      [{ batchSize: 10, minibatches: 3 }, /^minibatches must divide batchSize \(10\)/],
      [{ temperature: 0 }, /^temperature must be > 0/],
      [{ epochs: 1.5 }, /^epochs must be a whole number/],
      [{ gamma: 1.5 }, /^gamma must be ≤ 1/],
      [{ klEstimator: 'k4' }, /^klEstimator must be one of/],
      [{ actorLr: Number.NaN }, /^actorLr must be a number/],
      [{ actorLr: '0.1' }, /^actorLr must be a number/],
      [{ betaa: 1 }, /^betaa is not a PPO setting/],
    ];
    for (const [o, re] of bad) {
      let err: unknown;
      try {
        makePpoConfig(o);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(o)).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(re);
    }
  });

  it('adaptive KL moves β toward the target, at most ±20% × n/horizon', () => {
    const c = makePpoConfig({ klTarget: 6, klHorizon: 100 });
    expect(adaptKlCoef(0.1, 12, c, 10)).toBeCloseTo(0.1 * (1 + 0.2 * 0.1), 12);
    expect(adaptKlCoef(0.1, 0, c, 10)).toBeCloseTo(0.1 * (1 - 0.2 * 0.1), 12);
    expect(adaptKlCoef(0.1, 6.6, c, 10)).toBeCloseTo(0.1 * (1 + 0.1 * 0.1), 12);
  });

  it('linear schedule decays to zero', () => {
    const c = makePpoConfig({ lrSchedule: 'linear', totalIterations: 10 });
    expect(lrFactor(c, 0)).toBe(1);
    expect(lrFactor(c, 5)).toBeCloseTo(0.5);
    expect(lrFactor(c, 20)).toBe(0);
  });
});
