import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import type { Head, ModelConfig } from './config';
import { CpuBackend } from '../backends/cpu-backend';
import { Gpt } from './gpt';

// Whole-model gradient checks on the CPU engine: L = Σ w ⊙ output for a fixed random w, so
// ∂L/∂output = w; the analytic gradient (backward) must match central finite differences of L
// along random directions in parameter space (and per tensor, so a wrong block cannot hide).
const config: ModelConfig = { vocabSize: 11, maxSeqLen: 8, channels: 8, layers: 2, heads: 2 };
const B = 2, S = 5;

function setup(head: Head) {
  const be = new CpuBackend();
  const model = new Gpt(be, config, head);
  model.init(7);
  // Non-trivial LayerNorm gains/biases and head so every parameter gets a gradient.
  const p = model.params;
  const rng = new Rng(99);
  for (const e of model.layout.entries()) {
    if (/ln\w*\.[wb]$|\.b$|head\./.test(e.name)) for (let i = 0; i < e.length; i++) p[e.offset + i] += 0.3 * rng.normal();
  }
  const tokens = Int32Array.from({ length: B * S }, () => rng.int(config.vocabSize));
  const outLen = head === 'lm' ? B * S * config.vocabSize : B * S;
  const w = new Rng(5).normalArray(outLen);
  const loss = () => {
    model.forward(tokens, B, S);
    const out = model.output();
    let s = 0;
    for (let i = 0; i < outLen; i++) s += w[i] * out[i];
    return s;
  };
  return { model, tokens, w, loss, p };
}

describe.each(['lm', 'value', 'reward'] as const)('GPT %s head: backward = finite differences', (head) => {
  it('directional derivatives along random directions, per parameter tensor', () => {
    const { model, tokens, w, loss, p } = setup(head);
    loss();
    model.zeroGrad();
    model.outputGrad().set(w);
    model.backward(tokens);
    const g = model.grads.slice();
    const rng = new Rng(3);
    for (const e of model.layout.entries()) {
      const d = rng.normalArray(e.length);
      let analytic = 0;
      for (let i = 0; i < e.length; i++) analytic += g[e.offset + i] * d[i];
      const eps = 1e-2;
      const base = p.slice(e.offset, e.offset + e.length);
      for (let i = 0; i < e.length; i++) p[e.offset + i] = base[i] + eps * d[i];
      const lp = loss();
      for (let i = 0; i < e.length; i++) p[e.offset + i] = base[i] - eps * d[i];
      const lm = loss();
      p.set(base, e.offset);
      const numeric = (lp - lm) / (2 * eps);
      // float32 storage: allow 2% relative or a small absolute error for tiny directional slopes.
      expect(Math.abs(analytic - numeric), `${e.name}: analytic ${analytic} vs numeric ${numeric}`).toBeLessThan(0.02 * Math.abs(numeric) + 2e-3);
    }
  });
});

describe('GPT basics', () => {
  it('has the documented parameter count for the tiny preset at V=52 (≈62K)', () => {
    const m = new Gpt(new CpuBackend(), { vocabSize: 52, maxSeqLen: 32, channels: 48, layers: 2, heads: 4 }, 'lm');
    // wte 52·48 + wpe 32·48 + 2 blocks · (12·48² + 13·48) + lnf 2·48
    expect(m.parameterCount).toBe(52 * 48 + 32 * 48 + 2 * (12 * 48 * 48 + 13 * 48) + 2 * 48);
    expect(m.parameterCount).toBeGreaterThan(55_000);
    expect(m.parameterCount).toBeLessThan(65_000);
  });

  it('is causal: changing a later token does not change earlier outputs', () => {
    const { model, tokens } = setup('lm');
    model.forward(tokens, B, S);
    const before = model.output().slice();
    const t2 = tokens.slice();
    t2[S - 1] = (t2[S - 1] + 1) % config.vocabSize;
    model.forward(t2, B, S);
    const after = model.output();
    const V = config.vocabSize;
    for (let b = 0; b < B; b++) for (let s = 0; s < S - 1; s++) for (let v = 0; v < V; v++) {
      expect(after[(b * S + s) * V + v]).toBe(before[(b * S + s) * V + v]);
    }
  });

  it('refuses sequences longer than maxSeqLen and bad configs, naming the field', () => {
    const { model } = setup('lm');
    expect(() => model.forward(new Int32Array(1 * 9), 1, 9)).toThrow(/maxSeqLen 8/);
    expect(() => new Gpt(new CpuBackend(), { ...config, heads: 3 }, 'lm')).toThrow(/multiple of heads/);
    expect(() => new Gpt(new CpuBackend(), { ...config, channels: 0 }, 'lm')).toThrow(/channels/);
  });
});
