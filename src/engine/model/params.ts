import { Layout } from '../tensor/layout';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import type { Head, ModelConfig } from './config';

/**
 * The parameter layout, with the names the ONNX exporter and checkpoints use:
 * wte (V,C), wpe (maxS,C), per block h{l}.ln1.{w,b} (C), h{l}.attn.qkv.{w (3C,C), b (3C)},
 * h{l}.attn.proj.{w (C,C), b (C)}, h{l}.ln2.{w,b}, h{l}.mlp.fc.{w (4C,C), b (4C)}, h{l}.mlp.proj.{w (C,4C), b (C)},
 * lnf.{w,b}; the value/reward head adds head.w (1,C) and head.b (1). The LM head is tied to wte.
 */
export function paramLayout(c: ModelConfig, head: Head): Layout {
  const { vocabSize: V, maxSeqLen: S, channels: C } = c;
  const l = new Layout();
  l.add('wte', [V, C]);
  l.add('wpe', [S, C]);
  for (let i = 0; i < c.layers; i++) {
    const p = `h${i}.`;
    l.add(p + 'ln1.w', [C]);
    l.add(p + 'ln1.b', [C]);
    l.add(p + 'attn.qkv.w', [3 * C, C]);
    l.add(p + 'attn.qkv.b', [3 * C]);
    l.add(p + 'attn.proj.w', [C, C]);
    l.add(p + 'attn.proj.b', [C]);
    l.add(p + 'ln2.w', [C]);
    l.add(p + 'ln2.b', [C]);
    l.add(p + 'mlp.fc.w', [4 * C, C]);
    l.add(p + 'mlp.fc.b', [4 * C]);
    l.add(p + 'mlp.proj.w', [C, 4 * C]);
    l.add(p + 'mlp.proj.b', [C]);
  }
  l.add('lnf.w', [C]);
  l.add('lnf.b', [C]);
  if (head !== 'lm') {
    l.add('head.w', [1, C]);
    l.add('head.b', [1]);
  }
  return l;
}

/**
 * GPT-2 initialisation: weights N(0, 0.02), the two residual projections N(0, 0.02/√(2L))
 * (Radford et al. 2019, §2.3), LayerNorm gains 1, biases 0. The value/reward head starts at zero
 * so that a fresh critic predicts 0 (a common choice; the critic can also start from the RM).
 */
export function initParams(flat: Float32Array, layout: Layout, c: ModelConfig, seed: number): void {
  const rng = new Rng(seed, STREAM.init);
  const residualStd = 0.02 / Math.sqrt(2 * c.layers);
  for (const e of layout.entries()) {
    const v = flat.subarray(e.offset, e.offset + e.length);
    if (/ln\w*\.w$/.test(e.name)) v.fill(1);
    else if (e.name.endsWith('.b') || e.name === 'head.w') v.fill(0);
    else {
      const std = /(attn\.proj|mlp\.proj)\.w$/.test(e.name) ? residualStd : 0.02;
      for (let i = 0; i < v.length; i++) v[i] = std * rng.normal();
    }
  }
}

/** Parameters as a name → {shape, data} map (copies), for export and inspection. */
export function namedParams(flat: Float32Array, layout: Layout): Map<string, { shape: number[]; data: Float32Array }> {
  const m = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const e of layout.entries()) m.set(e.name, { shape: [...e.shape], data: flat.slice(e.offset, e.offset + e.length) });
  return m;
}
