import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { Gpt } from '../model/gpt';
import { createPpoRun, modelConfigFor } from '../pipeline/stages';
import { makePpoConfig } from './ppo-config';
import { recordPolicyLoss, recordValueLoss } from './ppo-losses';
import { packSequences } from './sequences';
import { PPO_STATS } from '../gpu/kernels/ppo-loss';
import { VALUE_STATS } from '../gpu/kernels/value-loss';
import { maxAbsDiff, maxScaledDiff } from '../tensor/compare';

// The PPO trainer's own wiring on tiny shapes (CPU engine, random micro models), checked against
// models run independently: which positions the values and the score are read from, that one
// last-token index serves every consumer, and that the learning phase applies the gradient of the
// loss that losses-fd.test.ts checks by finite differences.
const scenario = getScenario('reviews');
const config = modelConfigFor(scenario, 'micro');

function weights(head: 'lm' | 'reward', seed: number): Float32Array {
  const m = new Gpt(new CpuBackend(), config, head);
  m.init(seed);
  const p = m.params.slice();
  // A non-zero head, so that every position gets its own value/score.
  if (head === 'reward') for (let i = m.layout.get('head.w').offset; i < m.layout.get('head.w').offset + config.channels; i++) p[i] = 0.5 * Math.sin(i);
  return p;
}

const run = (overrides: Record<string, unknown> = {}) =>
  createPpoRun(new CpuBackend(), scenario, config, weights('lm', 1), weights('reward', 2), makePpoConfig({ batchSize: 16, minibatches: 2, epochs: 1, seed: 2, ...overrides }));

/** The (rows, S) output of a fresh copy of `params` with `head` over `tokens`. */
function outputOf(head: 'value' | 'reward', params: Float32Array, tokens: Int32Array, rows: number, S: number): Float32Array {
  const m = new Gpt(new CpuBackend(), config, head);
  m.setParams(params);
  m.forward(tokens, rows, S);
  return m.output().slice();
}

describe('PPO trainer wiring', () => {
  it('values: V_t is the critic’s output at position P + t − 1 (the position whose logits predict token t)', async () => {
    const t = run();
    const r = await t.sample();
    const f = await t.feedback();
    const out = outputOf('value', await t.models.critic.getParams(), r.tokens, r.B, r.S);
    let differs = 0;
    for (let b = 0; b < r.B; b++) {
      for (let i = 0; i < r.T; i++) {
        expect(f.values[b * r.T + i]).toBeCloseTo(out[b * r.S + r.P + i - 1], 6);
        if (Math.abs(out[b * r.S + r.P + i] - out[b * r.S + r.P + i - 1]) > 1e-4) differs++;
      }
    }
    expect(differs).toBeGreaterThan(r.B); // one position later would read other numbers
  });

  it('score: the reward model’s output at each row’s last real token (its EOS, or the last position without one)', async () => {
    const t = run();
    const r = await t.sample();
    const f = await t.feedback();
    const withEos = Array.from(r.hasEos).filter(Boolean).length;
    expect(withEos).toBeGreaterThan(0);
    expect(withEos).toBeLessThan(r.B); // both kinds of row are checked
    const out = outputOf('reward', await t.models.reward!.getParams(), r.tokens, r.B, r.S);
    for (let b = 0; b < r.B; b++) {
      const last = r.hasEos[b] ? r.P + Array.from(r.tokens.subarray(b * r.S + r.P, (b + 1) * r.S)).indexOf(1 /* EOS */) : r.S - 1;
      expect(r.lastIndex[b], `row ${b}`).toBe(last);
      expect(f.scores[b]).toBeCloseTo(out[b * r.S + last], 6);
      expect(Math.abs(out[b * r.S + last - 1] - out[b * r.S + last])).toBeGreaterThan(1e-4); // one position early differs
    }
  });

  it('one last-token index: the mask, the reward’s landing place, an external scorer and the reward-model trainer agree', async () => {
    const t = run({ klCoef: 0 });
    let told: Int32Array | null = null;
    t.setExternalScorer(async (_tokens, B, _S, _P, lastIndex) => {
      told = lastIndex.slice();
      return Float32Array.from({ length: B }, (_, b) => b + 1);
    });
    const r = await t.sample();
    const f = await t.feedback();
    expect(told).toEqual(r.lastIndex);
    const answers = Array.from({ length: r.B }, (_, b) => Array.from(r.tokens.subarray(b * r.S + r.P, (b + 1) * r.S)));
    const packed = packSequences(answers.map((_, b) => Array.from(r.tokens.subarray(b * r.S, b * r.S + r.P))), answers, r.P, r.T);
    expect(packed.lastIndex).toEqual(r.lastIndex); // reward-model training reads the score where PPO does
    for (let b = 0; b < r.B; b++) {
      const row = Array.from(f.rewards.subarray(b * r.T, (b + 1) * r.T));
      const landed = row.findIndex((x) => x !== 0);
      expect(landed, `row ${b}`).toBe(r.lastIndex[b] - r.P); // β = 0: only the score, at the last real token
      expect(Array.from(r.mask.subarray(b * r.T, (b + 1) * r.T)).lastIndexOf(1)).toBe(r.lastIndex[b] - r.P);
    }
  });

  it('learning applies the gradient of the losses (ppo-losses.ts) at the rollout’s log-probs, whitened advantages, values and returns', async () => {
    // One epoch, one minibatch of every row, learning rate 0: the models keep their weights and their gradients.
    const t = run({ minibatches: 1, actorLr: 0, criticLr: 0, maxGradNorm: 0, temperature: 0.7 });
    const r = await t.sample();
    const f = await t.feedback();
    const l = await t.learn();
    const shape = { rows: r.B, T: r.T, S: r.S, P: r.P };
    const n = r.B * r.T, zeros = () => new Float32Array(n);

    const actor = new Gpt(new CpuBackend(), config, 'lm');
    actor.setParams(await t.models.actor.getParams());
    actor.zeroGrad();
    const ps = new Float32Array(PPO_STATS.length);
    recordPolicyLoss(actor, { seq: r.tokens, oldLogprobs: f.logprobs, advantages: l.advantagesWhite, mask: r.mask, logprobs: zeros(), entropy: zeros(), dlogprobs: zeros(), zeros: zeros(), stats: ps }, shape, 0.7, t.config.clipEps);
    actor.backward(r.tokens);
    expect(l.stats['loss/policy_avg']).toBeCloseTo(ps[PPO_STATS.loss], 6);
    expect(maxScaledDiff(t.models.actor.grads, actor.grads)).toBeLessThan(1e-5);
    expect(maxAbsDiff(actor.grads, new Float32Array(actor.grads.length))).toBeGreaterThan(1e-3); // a real gradient

    const critic = new Gpt(new CpuBackend(), config, 'value');
    critic.setParams(await t.models.critic.getParams());
    critic.zeroGrad();
    const vs = new Float32Array(VALUE_STATS.length);
    recordValueLoss(critic, { seq: r.tokens, oldValues: f.values, returns: l.returns, mask: r.mask, values: zeros(), dvalues: zeros(), stats: vs }, shape, t.config.valueClipEps);
    critic.backward(r.tokens);
    expect(l.stats['loss/value_avg']).toBeCloseTo(vs[VALUE_STATS.loss], 6);
    expect(maxScaledDiff(t.models.critic.grads, critic.grads)).toBeLessThan(1e-5);
    expect(maxAbsDiff(critic.grads, new Float32Array(critic.grads.length))).toBeGreaterThan(1e-3);
  });
});
