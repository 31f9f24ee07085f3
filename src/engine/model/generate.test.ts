import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { EOS, PAD } from '../data/tokenizer';
import { maxAbsDiff } from '../tensor/compare';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import type { ModelConfig } from './config';
import { Generator } from './generate';
import { Gpt } from './gpt';

const config: ModelConfig = { vocabSize: 9, maxSeqLen: 12, channels: 16, layers: 2, heads: 2 };
const B = 6, P = 3, S = 10;

function setup(seed = 4) {
  const be = new CpuBackend();
  const model = new Gpt(be, config, 'lm');
  model.init(seed);
  // Larger weights than GPT-2 init so the logits are far from uniform (a sharper test).
  for (let i = 0; i < model.params.length; i++) model.params[i] *= 8;
  const prompts = new Int32Array(B * S);
  const r = new Rng(11);
  for (let b = 0; b < B; b++) for (let i = 0; i < P; i++) prompts[b * S + i] = 2 + r.int(config.vocabSize - 2);
  return { be, model, prompts };
}

const draw = { temperature: 1, seed: 3, stream: STREAM.ppoSampling, iteration: 0, eos: EOS, pad: PAD };

function generate(model: Gpt<Float32Array, Int32Array>, prompts: Int32Array, d = draw, onLogits?: (pos: number, l: Float32Array) => void) {
  const seq = prompts.slice();
  const g = new Generator(model, B);
  g.record(seq, S, P, d, onLogits);
  return seq;
}

describe('incremental decoding with a KV cache (CPU engine)', () => {
  it("each step's logits equal the full forward pass's logits at that position", () => {
    const { model, prompts } = setup();
    const steps: [number, Float32Array][] = [];
    const seq = generate(model, prompts, draw, (pos, l) => steps.push([pos, l.slice()]));
    expect(steps.map(([p]) => p)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    model.forward(seq, B, S);
    const full = model.output();
    const V = config.vocabSize;
    for (const [pos, logits] of steps) {
      const want = new Float32Array(B * V);
      for (let b = 0; b < B; b++) want.set(full.subarray((b * S + pos) * V, (b * S + pos + 1) * V), b * V);
      expect(maxAbsDiff(logits, want)).toBeLessThan(1e-4);
    }
  });

  it('keeps the prompt, pads after EOS, and is reproducible from the seed', () => {
    const { model, prompts } = setup();
    const a = generate(model, prompts), b = generate(model, prompts);
    expect(Array.from(a)).toEqual(Array.from(b));
    const c = generate(model, prompts, { ...draw, seed: 4 });
    expect(Array.from(c)).not.toEqual(Array.from(a));
    const d = generate(model, prompts, { ...draw, iteration: 1 });
    expect(Array.from(d)).not.toEqual(Array.from(a));
    for (let r = 0; r < B; r++) {
      expect(Array.from(a.subarray(r * S, r * S + P))).toEqual(Array.from(prompts.subarray(r * S, r * S + P)));
      const row = Array.from(a.subarray(r * S + P, (r + 1) * S));
      const e = row.indexOf(EOS);
      if (e >= 0) expect(row.slice(e + 1).every((t) => t === PAD)).toBe(true);
      expect(row.slice(0, e >= 0 ? e : row.length).every((t) => t !== PAD)).toBe(true);
    }
  });

  it('refuses a non-LM model and impossible lengths', () => {
    const be = new CpuBackend();
    expect(() => new Generator(new Gpt(be, config, 'value'), 2)).toThrow(/language-model head/);
    const { model } = setup();
    const g = new Generator(model, B);
    expect(() => g.record(new Int32Array(B * 13), 13, P, draw)).toThrow(/maxSeqLen 12/);
    expect(() => g.record(new Int32Array(B * S), S, S, draw)).toThrow(/prompt length/);
  });
});
