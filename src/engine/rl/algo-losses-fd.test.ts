import { describe, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { EOS } from '../data/tokenizer';
import type { ModelConfig } from '../model/config';
import { Gpt } from '../model/gpt';
import { Rng } from '../tensor/rng';
import { packSequences } from './sequences';
import { SftTrainer } from './sft';
import { checkModelGradients } from './testing/model-grad-check';

// The new actor losses through the whole model (CPU engine) = finite differences of the loss:
// GRPO's per-token loss, RLOO's sequence-ratio loss, DPO's pair loss, and PPO + γ·PTX with its two
// backward passes accumulated into one set of gradients before the step (docs/algorithms.md).
const config: ModelConfig = { vocabSize: 11, maxSeqLen: 10, channels: 8, layers: 2, heads: 2 };
const B = 4, P = 2, T = 5, S = P + T, V = config.vocabSize, TEMP = 0.9;

function batch(seed: number, rows = B) {
  const r = new Rng(seed);
  const prompts = Array.from({ length: rows }, () => Array.from({ length: P }, () => 2 + r.int(V - 2)));
  const answers = Array.from({ length: rows }, (_, b) => [...Array.from({ length: 1 + (b % T === T - 1 ? 0 : b % T) }, () => 2 + r.int(V - 2)), EOS]);
  return packSequences(prompts, answers, P, T);
}

function actor() {
  const be = new CpuBackend();
  const m = new Gpt(be, config, 'lm');
  m.init(5);
  const r = new Rng(6);
  for (const e of m.layout.entries()) if (/ln\w*\.[wb]$|\.b$/.test(e.name)) for (let i = 0; i < e.length; i++) m.params[e.offset + i] += 0.3 * r.normal();
  return { be, m };
}

const maskOf = (b: ReturnType<typeof batch>, rows = B) => {
  const mask = new Float32Array(rows * T);
  for (let r = 0; r < rows; r++) for (let t = 0; t + P <= b.lastIndex[r]; t++) mask[r * T + t] = 1;
  return mask;
};

/** Per-token log-probs of the current model over `tokens` (no gradient). */
function logprobsOf(be: CpuBackend, m: Gpt<Float32Array, Int32Array>, tokens: Int32Array, rows: number, temp: number) {
  m.forward(tokens, rows, S);
  const lp = new Float32Array(rows * T);
  be.logprobsForward(lp, new Float32Array(rows * T), m.output(), tokens, rows, T, S, P, V, temp);
  return lp;
}

/** Old/reference log-probs near the current ones: inside the clip band or far outside it, never at a kink. */
function shifted(lp: Float32Array, seed: number, far: number) {
  const r = new Rng(seed);
  return Float32Array.from(lp, (x, i) => x + (i % 3 === 0 ? far : 0.04) * (r.uniform() < 0.5 ? -1 : 1));
}

describe('whole-model gradients through the new actor losses = finite differences', () => {
  const b = batch(17);
  const mask = maskOf(b);

  for (const lossType of ['grpo', 'dr_grpo'] as const) {
    it(`GRPO loss (${lossType}, ε 0.2/0.28, β = 0.1 k3 to the reference, temperature ${TEMP})`, () => {
      const { be, m } = actor();
      const lp0 = logprobsOf(be, m, b.tokens, B, TEMP);
      const old = shifted(lp0, 3, 0.6), ref = shifted(lp0, 4, 0.5);
      const A = Float32Array.from([1.3, -0.7, 0.4, -1.9]);
      checkModelGradients(m, (withGrad) => {
        const lp = new Float32Array(B * T), d = new Float32Array(B * T), st = new Float32Array(7);
        m.forward(b.tokens, B, S);
        be.logprobsForward(lp, new Float32Array(B * T), m.output(), b.tokens, B, T, S, P, V, TEMP);
        be.grpoLoss(d, st, lp, old, ref, A, mask, B, T, { epsilonLow: 0.2, epsilonHigh: 0.28, beta: 0.1, lossType, maxCompletionLength: T, numItemsInBatch: 0 });
        if (withGrad) {
          be.fill(m.outputGrad(), 0);
          be.logprobsBackward(m.outputGrad(), d, new Float32Array(B * T), m.output(), b.tokens, B, T, S, P, V, TEMP);
          m.backward(b.tokens);
        }
        return st[0];
      });
    });
  }

  it('RLOO loss (sequence ratio through the log-prob sums, ε_high 0.28)', () => {
    const { be, m } = actor();
    const lp0 = logprobsOf(be, m, b.tokens, B, 1);
    const seq0 = new Float32Array(B);
    be.seqLogprobForward(seq0, lp0, mask, B, T);
    const old = Float32Array.from(seq0, (x, i) => x + [0.5, -0.03, 0.04, -0.6][i]);
    const A = Float32Array.from([0.8, -1.1, 0.3, 1.5]), ones = new Float32Array(B).fill(1);
    checkModelGradients(m, (withGrad) => {
      const lp = logprobsOf(be, m, b.tokens, B, 1), seq = new Float32Array(B), dseq = new Float32Array(B), st = new Float32Array(7);
      be.seqLogprobForward(seq, lp, mask, B, T);
      be.grpoLoss(dseq, st, seq, old, old, A, ones, B, 1, { epsilonLow: 0.2, epsilonHigh: 0.28, beta: 0, lossType: 'bnpo', maxCompletionLength: 1, numItemsInBatch: 0 });
      if (withGrad) {
        const d = new Float32Array(B * T);
        be.seqLogprobBackward(d, dseq, mask, B, T);
        be.fill(m.outputGrad(), 0);
        be.logprobsBackward(m.outputGrad(), d, new Float32Array(B * T), m.output(), b.tokens, B, T, S, P, V, 1);
        m.backward(b.tokens);
      }
      return st[0];
    });
  });

  for (const lossType of ['sigmoid', 'ipo'] as const) {
    it(`DPO loss (${lossType}, β = 0.5): pairs = rows (0, 2) chosen and (1, 3) rejected`, () => {
      const { be, m } = actor();
      // rows 0,1 chosen; rows 2,3 rejected (chosen first, then rejected, as packPairs lays them out)
      const lp0 = logprobsOf(be, m, b.tokens, B, 1), seq0 = new Float32Array(B);
      be.seqLogprobForward(seq0, lp0, mask, B, T);
      const ref = Float32Array.from(seq0, (x, i) => x + [0.7, -0.4, 0.2, 0.9][i]);
      const lengths = new Float32Array(B);
      for (let r = 0; r < B; r++) for (let t = 0; t < T; t++) lengths[r] += mask[r * T + t];
      checkModelGradients(m, (withGrad) => {
        const lp = logprobsOf(be, m, b.tokens, B, 1), seq = new Float32Array(B), dseq = new Float32Array(B), st = new Float32Array(5);
        be.seqLogprobForward(seq, lp, mask, B, T);
        be.dpoLoss(dseq, st, seq, ref, lengths, 2, 0.5, lossType);
        if (withGrad) {
          const d = new Float32Array(B * T);
          be.seqLogprobBackward(d, dseq, mask, B, T);
          be.fill(m.outputGrad(), 0);
          be.logprobsBackward(m.outputGrad(), d, new Float32Array(B * T), m.output(), b.tokens, B, T, S, P, V, 1);
          m.backward(b.tokens);
        }
        return st[0];
      }, 1e-2); // float32 FD noise ≈ u·|L|/eps: IPO's loss is ~1, so a larger step than the surrogate's
    });
  }

  it('PPO + γ·PTX: the clipped surrogate on a rollout minibatch plus γ = 0.7 × SFT cross-entropy on another batch, two backward passes into one gradient', () => {
    const { be, m } = actor();
    const sftBatch = batch(23, 3);
    const sft = new SftTrainer(m, 3, S);
    const lp0 = logprobsOf(be, m, b.tokens, B, TEMP);
    const old = shifted(lp0, 5, 0.6), adv = new Rng(7).normalArray(B * T);
    const gamma = 0.7, count = SftTrainer.count(sftBatch);
    checkModelGradients(m, (withGrad) => {
      const lp = new Float32Array(B * T), dlp = new Float32Array(B * T), st = new Float32Array(4);
      m.forward(b.tokens, B, S);
      be.logprobsForward(lp, new Float32Array(B * T), m.output(), b.tokens, B, T, S, P, V, TEMP);
      be.ppoPolicyLoss(dlp, st, lp, old, adv, mask, B * T, 0.2);
      if (withGrad) {
        be.fill(m.outputGrad(), 0);
        be.logprobsBackward(m.outputGrad(), dlp, new Float32Array(B * T), m.output(), b.tokens, B, T, S, P, V, TEMP);
        m.backward(b.tokens);
        sft.recordGradients(sftBatch, gamma); // accumulates γ·∂CE/∂θ into the same gradients
      } else {
        sft.recordEvaluation(sftBatch);
      }
      return st[0] + gamma * SftTrainer.mean(sft.lossesTensor as Float32Array, count);
    });
  });
});
