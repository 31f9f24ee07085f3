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
      [{ temperature: 1e-300 }, /^temperature must be ≥ 0\.05 \(below that sampling is greedy anyway and the log-probabilities overflow\), got 1e-300$/],
      [{ klHorizon: 10 }, /^klHorizon must be ≥ batchSize \(64\) so that β changes by at most 20% per iteration, got 10$/],
      [{ batchSize: 512, minibatches: 2, klHorizon: 500 }, /^klHorizon must be ≥ batchSize \(512\)/],
      [{ klTarget: 1e-9 }, /^klTarget must be ≥ 0\.001, got 1e-9$/],
      [{ klTarget: 1e9 }, /^klTarget must be ≤ 1000, got 1000000000$/],
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

  it('adaptive KL: the factor stays in [0.8, 1.2] whatever the settings, so β never changes sign', () => {
    // Settings validation now refuses (horizon < batch, extreme targets), as a saved run or a caller might still pass them.
    const extreme = [{ ...DEFAULT_PPO, klHorizon: 1, klTarget: 1e-3 }, { ...DEFAULT_PPO, klHorizon: 0.5, klTarget: 1e6 }, makePpoConfig({ batchSize: 8, minibatches: 1, klHorizon: 8 })];
    for (const c of extreme) {
      for (const kl of [0, 1e-9, 6, 1e30, Infinity]) {
        for (const n of [1, 8, 64, 4096]) {
          const f = adaptKlCoef(0.1, kl, c, n) / 0.1;
          expect(f, `${c.klHorizon}/${c.klTarget} KL ${kl} n ${n}`).toBeGreaterThanOrEqual(0.8 - 1e-12);
          expect(f).toBeLessThanOrEqual(1.2 + 1e-12);
        }
      }
    }
    // The issue's reproduction: horizon 5 for 64 answers flipped β's sign every iteration.
    let beta = 0.05;
    for (let i = 0; i < 50; i++) beta = adaptKlCoef(beta, i % 2 ? 0 : 100, { ...DEFAULT_PPO, klHorizon: 5 }, 64);
    expect(beta).toBeGreaterThan(0);
    expect(beta).toBeLessThan(0.05 * 1.2 ** 25);
  });

  it('linear schedule decays to zero', () => {
    const c = makePpoConfig({ lrSchedule: 'linear', totalIterations: 10 });
    expect(lrFactor(c, 0)).toBe(1);
    expect(lrFactor(c, 5)).toBeCloseTo(0.5);
    expect(lrFactor(c, 20)).toBe(0);
  });
});
