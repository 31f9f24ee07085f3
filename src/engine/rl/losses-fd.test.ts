import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { EOS } from '../data/tokenizer';
import type { ModelConfig } from '../model/config';
import { Gpt } from '../model/gpt';
import { Rng } from '../tensor/rng';
import { PPO_STATS } from '../gpu/kernels/ppo-loss';
import { VALUE_STATS } from '../gpu/kernels/value-loss';
import { DEFAULT_ADAMW } from '../model/gpt';
import { recordPolicyLoss, recordValueLoss, sliceValues } from './ppo-losses';
import { RewardTrainer } from './reward-training';
import { packSequences } from './sequences';
import { SftTrainer } from './sft';

// Whole-model gradient checks through the four training losses (CPU engine), run through the
// trainers' own code: SftTrainer and RewardTrainer themselves (one step at learning rate 0 leaves
// the gradient in the model and the weights unchanged), and the PPO trainer's loss wiring
// (ppo-losses.ts: log-probs at temperature, values at P − 1). The analytic gradient must match
// central finite differences of the loss along random directions, per parameter tensor.
const config: ModelConfig = { vocabSize: 11, maxSeqLen: 10, channels: 8, layers: 2, heads: 2 };
const B = 4, P = 2, T = 5, S = P + T, V = config.vocabSize;

function batch() {
  const r = new Rng(17);
  const prompts = Array.from({ length: B }, () => Array.from({ length: P }, () => 2 + r.int(V - 2)));
  const answers = Array.from({ length: B }, (_, b) => [...Array.from({ length: 1 + b }, () => 2 + r.int(V - 2)), EOS]);
  return packSequences(prompts, answers, P, T);
}

function model(head: 'lm' | 'value' | 'reward') {
  const be = new CpuBackend();
  const m = new Gpt(be, config, head);
  m.init(5);
  const r = new Rng(6);
  for (const e of m.layout.entries()) if (/ln\w*\.[wb]$|\.b$|head\./.test(e.name)) for (let i = 0; i < e.length; i++) m.params[e.offset + i] += 0.3 * r.normal();
  return { be, m };
}

type Model = Gpt<Float32Array, Int32Array>;
/** Learning rate 0, no clipping: a trainer's step leaves its gradient in model.grads and the weights as they were. */
const NO_UPDATE = { ...DEFAULT_ADAMW, lr: 0, maxGradNorm: 0 };

/**
 * `gradient(m)` leaves the analytic gradient of the loss in m.grads; `loss(m)` evaluates the loss
 * at m's current weights. Both run the code under test.
 */
async function checkGradients(head: 'lm' | 'value' | 'reward', gradient: (m: Model) => Promise<void> | void, loss: (m: Model) => Promise<number> | number, eps = 1e-2) {
  const { m } = model(head);
  const before = m.params.slice();
  await gradient(m);
  expect(m.params).toEqual(before);
  const g = m.grads.slice();
  const r = new Rng(8);
  for (const e of m.layout.entries()) {
    const d = r.normalArray(e.length);
    let analytic = 0;
    for (let i = 0; i < e.length; i++) analytic += g[e.offset + i] * d[i];
    const base = m.params.slice(e.offset, e.offset + e.length);
    for (let i = 0; i < e.length; i++) m.params[e.offset + i] = base[i] + eps * d[i];
    const lp = await loss(m);
    for (let i = 0; i < e.length; i++) m.params[e.offset + i] = base[i] - eps * d[i];
    const lm = await loss(m);
    m.params.set(base, e.offset);
    const numeric = (lp - lm) / (2 * eps);
    expect(Math.abs(analytic - numeric), `${e.name}: analytic ${analytic} vs numeric ${numeric}`).toBeLessThan(0.02 * Math.abs(numeric) + 1e-4);
  }
}

describe('whole-model gradients through the training losses = finite differences', () => {
  const b = batch();
  const shape = { rows: B, T, S, P };

  it('SFT loss (SftTrainer: next-token cross-entropy on answer tokens)', async () => {
    let trainer: SftTrainer<Float32Array, Int32Array> | null = null;
    const sft = (m: Model) => (trainer ??= new SftTrainer(m, B, S));
    await checkGradients('lm', async (m) => void (await sft(m).step(b, NO_UPDATE)), (m) => sft(m).evaluate(b));
  });

  it('actor loss (the PPO trainer’s clipped surrogate through the log-prob gather, temperature 0.8)', async () => {
    const r = new Rng(3);
    const old = new Float32Array(B * T), adv = r.normalArray(B * T), mask = new Float32Array(B * T);
    for (let bb = 0; bb < B; bb++) for (let t = 0; t < T; t++) mask[bb * T + t] = t <= bb + 1 ? 1 : 0;
    // Old log-probs either well inside the clip band or far outside it (both branches are
    // exercised), never near a kink, where a finite difference would straddle two branches.
    const { be: be0, m: m0 } = model('lm');
    m0.forward(b.tokens, B, S);
    be0.logprobsForward(old, new Float32Array(B * T), m0.output(), b.tokens, B, T, S, P, V, 0.8);
    for (let i = 0; i < old.length; i++) old[i] += (i % 3 === 0 ? 0.6 : 0.05) * (r.uniform() < 0.5 ? -1 : 1);
    const stats = new Float32Array(PPO_STATS.length);
    const policyLoss = (m: Model) => {
      const f = () => new Float32Array(B * T);
      recordPolicyLoss(m, { seq: b.tokens, oldLogprobs: old, advantages: adv, mask, logprobs: f(), entropy: f(), dlogprobs: f(), zeros: f(), stats }, shape, 0.8, 0.2);
      return stats[PPO_STATS.loss];
    };
    await checkGradients('lm', (m) => {
      m.zeroGrad();
      policyLoss(m);
      m.backward(b.tokens);
    }, policyLoss, 1e-3);
  });

  it('value loss (the PPO trainer’s clipped value loss on the values before each response token)', async () => {
    const r = new Rng(4);
    const ret = r.normalArray(B * T), mask = new Float32Array(B * T).fill(1);
    // Old values near the current ones (inside the clip band) or far away (clipped), not at a kink.
    const { be: be0, m: m0 } = model('value');
    m0.forward(b.tokens, B, S);
    const oldValues = new Float32Array(B * T);
    sliceValues(be0, oldValues, m0.output(), shape);
    for (let i = 0; i < oldValues.length; i++) oldValues[i] += (i % 3 === 0 ? 0.8 : 0.05) * (r.uniform() < 0.5 ? -1 : 1);
    const stats = new Float32Array(VALUE_STATS.length);
    const valueLoss = (m: Model) => {
      recordValueLoss(m, { seq: b.tokens, oldValues, returns: ret, mask, values: new Float32Array(B * T), dvalues: new Float32Array(B * T), stats }, shape, 0.2);
      return stats[VALUE_STATS.loss];
    };
    await checkGradients('value', (m) => {
      m.zeroGrad();
      valueLoss(m);
      m.backward(b.tokens);
    }, valueLoss, 1e-3);
  });

  it('reward-model pairwise loss (RewardTrainer: score at the last real token)', async () => {
    const pairs = packSequences([...Array(2)].flatMap(() => [[2, 3], [4, 5]]), [[6, EOS], [7, 8, EOS], [9, EOS], [6, 6, 6, EOS]], P, T);
    let trainer: RewardTrainer<Float32Array, Int32Array> | null = null;
    const rm = (m: Model) => (trainer ??= new RewardTrainer(m, 2, S));
    await checkGradients('reward', async (m) => void (await rm(m).step(pairs, NO_UPDATE)), async (m) => (await rm(m).evaluate(pairs)).loss);
  });
});
