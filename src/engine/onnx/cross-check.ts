/**
 * Engine-vs-onnxruntime cross-checks, shared by the Node tests (CPU engine, GPU engine on Dawn),
 * the browser page (ORT's WebGPU EP) and the benchmarks: one seeded case per (preset, head) — a
 * model with non-trivial random weights and a right-padded batch — and the head's output computed
 * by an engine (`engineOutput`) or by the exported graph in onnxruntime (`ortOutput`), both in the
 * exported graph's output shape: logits (B,S,V), values (B,S) or score (B).
 */
import { EOS, PAD } from '../data/tokenizer';
import type { Backend } from '../model/backend';
import { presetConfig, type ModelConfig, type PresetName } from '../model/config';
import { Gpt } from '../model/gpt';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { flatFromNamed } from './engine-export';
import { exportOnnx } from './export';
import { createOrtSession, int64Tensor, type OrtOptions, type OrtSession } from './ort-session';
import { randomParams } from './random-params';
import { OUTPUT_NAME, type OnnxHead, type ParamMap } from './spec';

export interface CrossCase {
  preset: PresetName;
  head: OnnxHead;
  config: ModelConfig;
  params: ParamMap;
  B: number;
  S: number;
  /** (B,S): row b has lengths[b] real tokens (the last one EOS when shorter than S), then PAD. */
  tokens: Int32Array;
  /** (B,S) 1 on real tokens, 0 on the right padding. */
  mask: Int32Array;
  /** (B) index of each row's last real token (what PPO's reward gather reads). */
  lastIndex: Int32Array;
}

export interface CrossCaseOptions {
  /** Vocabulary size; default 52 (the reviews scenario). */
  vocabSize?: number;
  B?: number;
  /** Default maxSeqLen − 1: the position table nearly full, and S < maxS as the causal slice is. */
  S?: number;
  seed?: number;
}

/**
 * Weights N(0, 1/C) (so every matmul output is O(1): attention neither uniform nor one-hot, GELU
 * in its curved range), LayerNorm gains 1 ± 0.2 and biases ~N(0, 0.1²) — not the GPT-2 init, whose
 * tiny weights would hide a wrong head split or a missing tanh under any tolerance.
 */
export function crossCase(preset: PresetName, head: OnnxHead, o: CrossCaseOptions = {}): CrossCase {
  const config = presetConfig(preset, o.vocabSize ?? 52);
  const B = o.B ?? 3, S = o.S ?? config.maxSeqLen - 1;
  if (S > config.maxSeqLen) throw new RangeError(`S=${S} exceeds maxSeqLen ${config.maxSeqLen}`);
  const seed = o.seed ?? 1;
  const params = randomParams(config, head, seed, 1 / Math.sqrt(config.channels));
  const rng = new Rng(seed + 1000, STREAM.test);
  const tokens = new Int32Array(B * S), mask = new Int32Array(B * S), lastIndex = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    // Row 0 full length; the others right-padded (about half, then 3 tokens, ...).
    const len = b === 0 ? S : Math.max(1, Math.min(S, b === 1 ? Math.ceil(S / 2) : 2 + b));
    for (let s = 0; s < S; s++) {
      const real = s < len;
      tokens[b * S + s] = !real ? PAD : s === len - 1 && len < S ? EOS : 2 + rng.int(config.vocabSize - 2);
      mask[b * S + s] = real ? 1 : 0;
    }
    lastIndex[b] = len - 1;
  }
  return { preset, head, config, params, B, S, tokens, mask, lastIndex };
}

/** A Gpt on `be` holding the case's weights (the reward head is the engine's 'reward' model). */
export function caseModel<F, I>(be: Backend<F, I>, c: CrossCase): Gpt<F, I> {
  const model = new Gpt(be, c.config, c.head);
  model.setParams(flatFromNamed(c.params, c.config, c.head));
  return model;
}

/**
 * The engine's forward on the case's tokens, reshaped like the ONNX output. For the reward head the
 * engine gives a value per position and PPO gathers the one at each row's last real token; that
 * gather is done here on the host.
 */
export async function engineOutput<F, I>(be: Backend<F, I>, c: CrossCase, model: Gpt<F, I> = caseModel(be, c)): Promise<Float32Array> {
  const tokens = be.ints(c.B * c.S, 'crosscheck.tokens');
  be.uploadInts(tokens, c.tokens);
  model.forward(tokens, c.B, c.S);
  const out = await be.read(model.output());
  be.release(tokens);
  if (c.head !== 'reward') return out;
  return Float32Array.from(c.lastIndex, (last, b) => out[b * c.S + last]);
}

/** The exported graph of the case (vocabulary omitted: a cross-check has no tokenizer). */
export function caseOnnx(c: CrossCase): Uint8Array {
  return exportOnnx({ config: c.config, head: c.head, params: c.params, producerVersion: `crosscheck ${c.preset}/${c.head}` });
}

/** Runs the case on an open session of `caseOnnx(c)`. */
export async function runCase(session: OrtSession, c: CrossCase): Promise<Float32Array> {
  const dims = [c.B, c.S];
  const out = await session.run({ input_ids: int64Tensor(c.tokens, dims), attention_mask: int64Tensor(c.mask, dims) }, [OUTPUT_NAME[c.head]]);
  return out[OUTPUT_NAME[c.head]].data as Float32Array;
}

/** Exports, opens a session (wasm by default), runs, releases. */
export async function ortOutput(c: CrossCase, opts: OrtOptions = {}): Promise<Float32Array> {
  const session = await createOrtSession(caseOnnx(c), opts);
  try {
    return await runCase(session, c);
  } finally {
    await session.release();
  }
}

/** Largest |a − b| / max(1, |b|) and largest |a − b|, with where the first one happened. */
export function diffSummary(a: ArrayLike<number>, b: ArrayLike<number>): { scaled: number; abs: number; at: number } {
  if (a.length !== b.length) throw new RangeError(`diffSummary: lengths ${a.length} and ${b.length}`);
  let scaled = 0, abs = 0, at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return { scaled: Infinity, abs: Infinity, at: i };
    const s = d / Math.max(1, Math.abs(b[i]));
    if (s > scaled) { scaled = s; at = i; }
    abs = Math.max(abs, d);
  }
  return { scaled, abs, at };
}
