import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { EOS } from '../data/tokenizer';
import type { ModelConfig } from '../model/config';
import { Gpt } from '../model/gpt';
import { Rng } from '../tensor/rng';
import { packSequences } from './sequences';

// Whole-model gradient checks through the four training losses (CPU engine): the analytic
// gradient that each trainer feeds into `backward` must match central finite differences of the
// loss itself along random directions, per parameter tensor.
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

/** Records loss and fills d(loss)/d(output) into the model's output gradient; returns the loss. */
type LossFn = (be: CpuBackend, m: Gpt<Float32Array, Int32Array>, tokens: Int32Array, withGrad: boolean) => number;

function checkGradients(head: 'lm' | 'value' | 'reward', rows: number, tokens: Int32Array, loss: LossFn, eps = 1e-2) {
  const { be, m } = model(head);
  m.zeroGrad();
  m.forward(tokens, rows, S);
  be.fill(m.outputGrad(), 0);
  loss(be, m, tokens, true);
  m.backward(tokens);
  const g = m.grads.slice();
  const f = () => {
    m.forward(tokens, rows, S);
    return loss(be, m, tokens, false);
  };
  const r = new Rng(8);
  for (const e of m.layout.entries()) {
    const d = r.normalArray(e.length);
    let analytic = 0;
    for (let i = 0; i < e.length; i++) analytic += g[e.offset + i] * d[i];
    const base = m.params.slice(e.offset, e.offset + e.length);
    for (let i = 0; i < e.length; i++) m.params[e.offset + i] = base[i] + eps * d[i];
    const lp = f();
    for (let i = 0; i < e.length; i++) m.params[e.offset + i] = base[i] - eps * d[i];
    const lm = f();
    m.params.set(base, e.offset);
    const numeric = (lp - lm) / (2 * eps);
    expect(Math.abs(analytic - numeric), `${e.name}: analytic ${analytic} vs numeric ${numeric}`).toBeLessThan(0.02 * Math.abs(numeric) + 1e-4);
  }
}

describe('whole-model gradients through the training losses = finite differences', () => {
  const b = batch();

  it('SFT loss (next-token cross-entropy on answer tokens)', () => {
    const targets = b.targets, N = B * S;
    const count = targets.filter((t) => t >= 0).length;
    checkGradients('lm', B, b.tokens, (be, m, _t, withGrad) => {
      const losses = new Float32Array(N), probs = new Float32Array(N * V);
      be.crossentropyForward(losses, probs, m.output(), targets, N, V);
      if (withGrad) be.crossentropyBackward(m.outputGrad(), new Float32Array(N).map((_, i) => (targets[i] >= 0 ? 1 / count : 0)), probs, targets, N, V);
      return losses.reduce((a, x) => a + x, 0) / count;
    });
  });

  it('actor loss (clipped PPO surrogate through the log-prob gather, temperature 0.8)', () => {
    const r = new Rng(3);
    const old = new Float32Array(B * T), adv = r.normalArray(B * T), mask = new Float32Array(B * T);
    for (let bb = 0; bb < B; bb++) for (let t = 0; t < T; t++) mask[bb * T + t] = t <= bb + 1 ? 1 : 0;
    // Old log-probs either well inside the clip band or far outside it (both branches are
    // exercised), never near a kink, where a finite difference would straddle two branches.
    const { be: be0, m: m0 } = model('lm');
    m0.forward(b.tokens, B, S);
    be0.logprobsForward(old, new Float32Array(B * T), m0.output(), b.tokens, B, T, S, P, V, 0.8);
    for (let i = 0; i < old.length; i++) old[i] += (i % 3 === 0 ? 0.6 : 0.05) * (r.uniform() < 0.5 ? -1 : 1);
    checkGradients('lm', B, b.tokens, (be, m, tokens, withGrad) => {
      const lp = new Float32Array(B * T), ent = new Float32Array(B * T), dlp = new Float32Array(B * T), stats = new Float32Array(4);
      be.logprobsForward(lp, ent, m.output(), tokens, B, T, S, P, V, 0.8);
      be.ppoPolicyLoss(dlp, stats, lp, old, adv, mask, B * T, 0.2);
      if (withGrad) be.logprobsBackward(m.outputGrad(), dlp, new Float32Array(B * T), m.output(), tokens, B, T, S, P, V, 0.8);
      return stats[0];
    }, 1e-3);
  });

  it('value loss (clipped, on the values before each response token)', () => {
    const r = new Rng(4);
    const ret = r.normalArray(B * T), mask = new Float32Array(B * T).fill(1);
    // Old values near the current ones (inside the clip band) or far away (clipped), not at a kink.
    const { be: be0, m: m0 } = model('value');
    m0.forward(b.tokens, B, S);
    const oldV = new Float32Array(B * T);
    be0.sliceColumns(oldV, m0.output(), B, T, S, P - 1);
    for (let i = 0; i < oldV.length; i++) oldV[i] += (i % 3 === 0 ? 0.8 : 0.05) * (r.uniform() < 0.5 ? -1 : 1);
    checkGradients('value', B, b.tokens, (be, m, _t, withGrad) => {
      const v = new Float32Array(B * T), dv = new Float32Array(B * T), stats = new Float32Array(3);
      be.sliceColumns(v, m.output(), B, T, S, P - 1);
      be.valueLoss(dv, stats, v, oldV, ret, mask, B * T, 0.2);
      if (withGrad) be.scatterColumns(m.outputGrad(), dv, B, T, S, P - 1);
      return stats[0];
    }, 1e-3);
  });

  it('reward-model pairwise loss (score at the last real token)', () => {
    const pairs = packSequences([...Array(2)].flatMap(() => [[2, 3], [4, 5]]), [[6, EOS], [7, 8, EOS], [9, EOS], [6, 6, 6, EOS]], P, T);
    checkGradients('reward', 4, pairs.tokens, (be, m, _t, withGrad) => {
      const scores = new Float32Array(4), ds = new Float32Array(4), stats = new Float32Array(2);
      be.gatherAt(scores, m.output(), pairs.lastIndex, 4, S);
      be.pairwiseLoss(ds, stats, scores, 2);
      if (withGrad) be.scatterAt(m.outputGrad(), ds, pairs.lastIndex, 4, S);
      return stats[0];
    });
  });
});
