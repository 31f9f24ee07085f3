/**
 * The tiny GPT shared by actor, critic, reward model and reference (GPT-2 architecture: learned
 * positions, pre-LayerNorm blocks, tanh-GELU MLP, tied LM head).
 */
export interface ModelConfig {
  /** V: vocabulary size, from the scenario's tokenizer. */
  vocabSize: number;
  /** maxS: the longest sequence (prompt + response) the position table covers. */
  maxSeqLen: number;
  /** C: channels. */
  channels: number;
  /** L: transformer blocks. */
  layers: number;
  /** NH: attention heads; C must be a multiple of NH. */
  heads: number;
}

/** Which output the model has: next-token logits (actor, reference), a value per position (critic), a sequence score (reward model). */
export type Head = 'lm' | 'value' | 'reward';

export type PresetName = 'micro' | 'tiny' | 'small';

/** Sizes without the vocabulary (which comes from the scenario). */
export const PRESETS: Record<PresetName, Omit<ModelConfig, 'vocabSize'>> = {
  /** Fast on a software adapter: used by the browser tests. */
  micro: { maxSeqLen: 32, channels: 16, layers: 1, heads: 2 },
  /** The default: docs/conventions.md §6's 62K-parameter GPT (C=48, L=2, H=4 at V=52). */
  tiny: { maxSeqLen: 32, channels: 48, layers: 2, heads: 4 },
  /** For real GPUs. */
  small: { maxSeqLen: 64, channels: 128, layers: 4, heads: 4 },
};

export function presetConfig(preset: PresetName, vocabSize: number): ModelConfig {
  const p = Object.hasOwn(PRESETS, preset) ? PRESETS[preset] : undefined;
  if (!p) throw new Error(`unknown model preset "${preset}"; choose one of ${Object.keys(PRESETS).join(', ')}`);
  return { vocabSize, ...p };
}

/** Throws an Error naming the offending field when the config cannot describe a model. */
export function validateConfig(c: ModelConfig): void {
  const positive: (keyof ModelConfig)[] = ['vocabSize', 'maxSeqLen', 'channels', 'layers', 'heads'];
  for (const k of positive) {
    const v = c[k];
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`model config: ${k} must be a positive integer, got ${v}`);
  }
  if (c.vocabSize < 3) throw new RangeError(`model config: vocabSize must be at least 3 (PAD, EOS and one word), got ${c.vocabSize}`);
  if (c.channels % c.heads !== 0) throw new RangeError(`model config: channels (${c.channels}) must be a multiple of heads (${c.heads})`);
  if (c.channels > 4096 || c.layers > 64 || c.maxSeqLen > 1024) {
    throw new RangeError(`model config: channels ≤ 4096, layers ≤ 64 and maxSeqLen ≤ 1024 in this playground (got ${c.channels}, ${c.layers}, ${c.maxSeqLen})`);
  }
}
