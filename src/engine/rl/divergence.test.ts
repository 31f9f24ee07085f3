import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { loadShipped } from '../pipeline/shipped';
import { createPpoRun } from '../pipeline/stages';
import { checkFeedback, checkLearning, VALUE_BOUND_FACTOR } from './divergence';
import { TrainingDivergedError } from './diverged';
import { MB_STAT, MB_STATS_WIDTH } from './minibatch-stats';
import { makePpoConfig, MIN_TEMPERATURE } from './ppo-config';
import type { FeedbackView } from './ppo-stats';

// A run whose numbers go wrong is stopped with a message naming the likely setting and its value
// (not always "lower the learning rates"): which array or statistic failed decides the advice.
const c = makePpoConfig({ actorLr: 0.02, criticLr: 0.5, maxGradNorm: 0, temperature: 0.3, clipEps: 0.25, valueClipEps: 0.4 });
const B = 2, T = 3;

function feedback(change: Partial<Record<keyof FeedbackView, number[]>> = {}): FeedbackView {
  const a = (k: keyof FeedbackView, n: number, v: number) => Float32Array.from(change[k] ?? new Array<number>(n).fill(v));
  return {
    logprobs: a('logprobs', B * T, -1), refLogprobs: a('refLogprobs', B * T, -1.1), entropy: a('entropy', B * T, 2), values: a('values', B * T, 0.5),
    scores: a('scores', B, 1), kl: a('kl', B * T, 0.1), rewards: a('rewards', B * T, -0.01).map((r, i) => (i % T === T - 1 ? 2 : r)),
    gold: a('gold', B, 0), diagnostics: {}, klCoef: 0.05, estimator: 'k1',
  };
}

function stopped(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TrainingDivergedError);
    return (e as Error).message;
  }
  throw new Error('the run was not stopped');
}

describe('stopping a diverged run', () => {
  it('feedback: a non-finite number names its model and the settings to change', () => {
    expect(() => checkFeedback(feedback(), T, c)).not.toThrow();
    expect(stopped(() => checkFeedback(feedback({ logprobs: [-1, NaN, -1, -1, -1, -1] }), T, c)))
      .toBe('a log-probability under the actor became NaN: training diverged — the actor\'s updates are too large: lower actorLr (now 0.02) or clipEps (now 0.25), or turn gradient clipping on (maxGradNorm, now 0 = off). Reset the run to go on; the statistics so far are kept.');
    expect(stopped(() => checkFeedback(feedback({ refLogprobs: [-Infinity, -1, -1, -1, -1, -1] }), T, c))).toMatch(/^a log-probability under the reference became -Infinity: training diverged — temperature 0\.3 is too low for these models' logits: raise it\./);
    expect(stopped(() => checkFeedback(feedback({ values: [0, 0, 0, 0, 0, Infinity] }), T, c))).toMatch(/^a value became Infinity: training diverged — the critic's updates are too large: lower criticLr \(now 0\.5\) or valueClipEps \(now 0\.4\)/);
    expect(stopped(() => checkFeedback(feedback({ scores: [1, NaN] }), T, c))).toMatch(/^a score became NaN: training diverged — the reward model gives scores that are not numbers/);
  });

  it('feedback: a critic predicting values no return can reach is stopped; values within the bound are not', () => {
    // Rewards of at most 2 over T = 3 tokens: no return exceeds 3·2 + 1 = 7.
    const bound = VALUE_BOUND_FACTOR * 7;
    expect(() => checkFeedback(feedback({ values: [0, 0, 0, 0, 0, -0.99 * bound] }), T, c)).not.toThrow();
    expect(stopped(() => checkFeedback(feedback({ values: [0, 0, 0, 0, 0, -1.01 * bound] }), T, c)))
      .toMatch(/^the critic predicts a value of 7\.07e\+3 where no return of this rollout exceeds 7\.00: training diverged — the critic's updates/);
  });

  it('learning: the failing statistic names its model; an exploding value loss stops the run', () => {
    const stats = () => new Float32Array(4 * MB_STATS_WIDTH).fill(0.5); // 2 epochs × 2 minibatches
    const poisoned = (col: number, u: number, x: number) => {
      const s = stats();
      s[u * MB_STATS_WIDTH + col] = x;
      return s;
    };
    const cfg = { ...c, minibatches: 2 };
    expect(() => checkLearning(stats(), feedback(), T, cfg)).not.toThrow();
    expect(stopped(() => checkLearning(poisoned(MB_STAT.policyLoss, 3, NaN), feedback(), T, cfg))).toMatch(/^the policy loss became NaN in epoch 2, minibatch 2: training diverged — the actor's updates/);
    expect(stopped(() => checkLearning(poisoned(MB_STAT.criticGradNormSq, 1, Infinity), feedback(), T, cfg))).toMatch(/^the critic’s gradient norm became Infinity in epoch 1, minibatch 2: training diverged — the critic's updates/);
    const limit = 2 * (VALUE_BOUND_FACTOR * 7) ** 2;
    expect(() => checkLearning(poisoned(MB_STAT.valueLoss, 0, 0.99 * limit), feedback(), T, cfg)).not.toThrow();
    expect(stopped(() => checkLearning(poisoned(MB_STAT.valueLoss, 0, 1.01 * limit), feedback(), T, cfg))).toMatch(/^the value loss reached 9\.90e\+7 in epoch 1, minibatch 1: training diverged — the critic's/);
  });

  const scenario = getScenario('reviews');
  const shippedMicro = () => loadShipped(scenario, 'micro', async (p) => new Uint8Array(readFileSync(`public/${p}`)));

  it('the lowest temperature settings allow (0.05) runs on the shipped models without overflowing', async () => {
    const shipped = await shippedMicro();
    const t = createPpoRun(new CpuBackend(), scenario, shipped.sft.config, shipped.sft.params, shipped.reward!.params, makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 2, temperature: MIN_TEMPERATURE }));
    for (let i = 0; i < 2; i++) {
      const { learning } = await t.step();
      for (const [k, v] of Object.entries(learning.stats)) expect(Number.isFinite(v), k).toBe(true);
    }
  });

  it('the trainer stops a run whose critic blew up at the feedback phase, before its numbers reach the charts', async () => {
    const shipped = await shippedMicro();
    const t = createPpoRun(new CpuBackend(), scenario, shipped.sft.config, shipped.sft.params, shipped.reward!.params, makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, criticLr: 0.7 }));
    const critic = await t.models.critic.getParams();
    critic[t.models.critic.layout.get('head.b').offset] = 1e9; // what a few huge critic steps leave behind
    t.models.critic.setParams(critic);
    await t.sample();
    await expect(t.feedback()).rejects.toThrow(/^the critic predicts a value of 1\.00e\+9 where no return of this rollout exceeds .*lower criticLr \(now 0\.7\)/);
  });

  it('the trainer stops a run whose value loss explodes during learning, before its statistics reach the charts', async () => {
    const shipped = await shippedMicro();
    const t = createPpoRun(new CpuBackend(), scenario, shipped.sft.config, shipped.sft.params, shipped.reward!.params, makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, criticLr: 0.7 }));
    await t.sample();
    await t.feedback(); // values within bounds
    const critic = await t.models.critic.getParams();
    critic[t.models.critic.layout.get('head.b').offset] = 1e6; // what a huge critic step leaves behind mid-learning
    t.models.critic.setParams(critic);
    await expect(t.learn()).rejects.toThrow(/^the value loss reached 5\.00e\+11 in epoch 1, minibatch 1.*lower criticLr \(now 0\.7\)/);
  });
});
