/**
 * Seeded random parameters for cross-checks. Deliberately NOT the GPT-2 init (std 0.02): with tiny
 * weights attention is near-uniform and GELU near-linear, so a wrong head split or a missing tanh
 * would hide under the tolerance. Here weights have std 0.3, LayerNorm gains 1 ± 0.2 and biases
 * ±0.1-ish, which keeps activations O(1) and every non-linearity in play.
 */
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { expectedParamShapes, type OnnxHead, type OnnxModelConfig, type ParamMap } from './spec';

export function randomParams(config: OnnxModelConfig, head: OnnxHead, seed: number, weightStd = 0.3): ParamMap {
  const rng = new Rng(seed, STREAM.test);
  const params: ParamMap = new Map();
  for (const [name, shape] of expectedParamShapes(config, head)) {
    const n = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (/ln\w*\.w$/.test(name)) data = rng.normalArray(n, 0.2, 1);
    else if (name.endsWith('.b')) data = rng.normalArray(n, 0.1);
    else data = rng.normalArray(n, weightStd);
    params.set(name, { shape: [...shape], data });
  }
  return params;
}

/** Token ids in [0, V) for a (B,S) batch. */
export function randomTokens(V: number, B: number, S: number, seed: number): Int32Array {
  const rng = new Rng(seed, STREAM.test);
  return Int32Array.from({ length: B * S }, () => rng.int(V));
}

/** A vocabulary of distinct readable tokens: PAD, EOS, then w2..w{V-1}. */
export function dummyVocab(V: number): string[] {
  return Array.from({ length: V }, (_, i) => (i === 0 ? '<pad>' : i === 1 ? '<eos>' : `w${i}`));
}
