/**
 * Shared vocabulary of the ONNX export: the model description (structurally the same as the engine's
 * ModelConfig / Head, repeated here so this folder does not depend on the model code's internals),
 * the parameter names and shapes, and the names a loader relies on (inputs, outputs, metadata keys).
 */

export interface OnnxModelConfig {
  vocabSize: number;
  maxSeqLen: number;
  channels: number;
  layers: number;
  heads: number;
}

export type OnnxHead = 'lm' | 'value' | 'reward';

export type ParamMap = Map<string, { shape: number[]; data: Float32Array }>;

export const INPUT_IDS = 'input_ids';
export const ATTENTION_MASK = 'attention_mask';

/** Output name per head: logits (B,S,V), values (B,S), score (B). */
export const OUTPUT_NAME: Record<OnnxHead, string> = { lm: 'logits', value: 'values', reward: 'score' };

export const META = {
  /** Bumped when the graph's conventions change. */
  format: 'rlhf_playground.format',
  config: 'rlhf_playground.config',
  head: 'rlhf_playground.head',
  /** JSON array of token strings, index = token id. Plain key so other tools can write it too. */
  vocab: 'vocab',
  notes: 'rlhf_playground.notes',
} as const;

export const FORMAT_VERSION = '1';

export const LAYERNORM_EPS = 1e-5;

/** name → shape, in the engine's layout order (see src/engine/model/params.ts). */
export function expectedParamShapes(c: OnnxModelConfig, head: OnnxHead): Map<string, number[]> {
  const { vocabSize: V, maxSeqLen: S, channels: C } = c;
  const m = new Map<string, number[]>([['wte', [V, C]], ['wpe', [S, C]]]);
  for (let l = 0; l < c.layers; l++) {
    const p = `h${l}.`;
    m.set(p + 'ln1.w', [C]).set(p + 'ln1.b', [C]);
    m.set(p + 'attn.qkv.w', [3 * C, C]).set(p + 'attn.qkv.b', [3 * C]);
    m.set(p + 'attn.proj.w', [C, C]).set(p + 'attn.proj.b', [C]);
    m.set(p + 'ln2.w', [C]).set(p + 'ln2.b', [C]);
    m.set(p + 'mlp.fc.w', [4 * C, C]).set(p + 'mlp.fc.b', [4 * C]);
    m.set(p + 'mlp.proj.w', [C, 4 * C]).set(p + 'mlp.proj.b', [C]);
  }
  m.set('lnf.w', [C]).set('lnf.b', [C]);
  if (head !== 'lm') m.set('head.w', [1, C]).set('head.b', [1]);
  return m;
}

/** Throws naming the first problem: bad config, missing/extra parameter, wrong shape or length. */
export function checkParams(c: OnnxModelConfig, head: OnnxHead, params: ParamMap): void {
  for (const k of ['vocabSize', 'maxSeqLen', 'channels', 'layers', 'heads'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new RangeError(`config.${k} must be a positive integer, got ${c[k]}`);
  }
  if (c.channels % c.heads !== 0) throw new RangeError(`config.channels (${c.channels}) must be a multiple of config.heads (${c.heads})`);
  const want = expectedParamShapes(c, head);
  for (const [name, shape] of want) {
    const p = params.get(name);
    if (!p) throw new Error(`parameter ${name} is missing`);
    if (p.shape.length !== shape.length || p.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`parameter ${name} has shape [${p.shape}], expected [${shape}]`);
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if (p.data.length !== n) throw new Error(`parameter ${name} has ${p.data.length} values, expected ${n}`);
  }
  for (const name of params.keys()) {
    // An LM export of a checkpoint that carries a value head simply leaves the head out.
    if (!want.has(name) && !(head === 'lm' && name.startsWith('head.'))) throw new Error(`unexpected parameter ${name}`);
  }
}
