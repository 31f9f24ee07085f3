import { EOS, PAD } from '../data/tokenizer';

/**
 * Packing prompts and answers into the fixed (B, S = P + T) layout every model sees. Answers are
 * padded with PAD after EOS; the float mask over response positions is 1 up to and including
 * the first EOS (docs/conventions.md §3), or over the whole row when there is no EOS.
 */
export interface PackedBatch {
  B: number;
  S: number;
  P: number;
  /** (B, S) token ids. */
  tokens: Int32Array;
  /** (B, S) next-token targets for SFT: tokens[b, i+1] for response predictions, −1 elsewhere. */
  targets: Int32Array;
  /** (B) absolute position of each row's last real token (EOS, or S−1 without EOS). */
  lastIndex: Int32Array;
}

export function packSequences(prompts: ArrayLike<number>[], responses: ArrayLike<number>[], P: number, T: number): PackedBatch {
  const B = prompts.length;
  if (responses.length !== B) throw new RangeError(`packSequences: ${B} prompts but ${responses.length} answers`);
  const S = P + T;
  const tokens = new Int32Array(B * S).fill(PAD);
  const targets = new Int32Array(B * S).fill(-1);
  const lastIndex = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const p = prompts[b], r = responses[b];
    if (p.length !== P) throw new RangeError(`packSequences: prompt ${b} has ${p.length} tokens, expected ${P}`);
    if (r.length > T) throw new RangeError(`packSequences: answer ${b} has ${r.length} tokens, more than T = ${T}`);
    for (let i = 0; i < P; i++) tokens[b * S + i] = p[i];
    let end = r.length;
    for (let i = 0; i < r.length; i++) {
      tokens[b * S + P + i] = r[i];
      if (r[i] === EOS) {
        end = i + 1;
        break;
      }
    }
    for (let i = 0; i < end; i++) targets[b * S + P - 1 + i] = tokens[b * S + P + i];
    lastIndex[b] = P + Math.max(end, 1) - 1;
  }
  return { B, S, P, tokens, targets, lastIndex };
}

export interface ResponseMask {
  /** (B, T) 1 up to and including the first EOS, else 0. */
  mask: Float32Array;
  /** (B) 1 when the answer has an EOS. */
  hasEos: Int32Array;
  /** (B) response index (0..T−1) of the last real token: its EOS, or T − 1 without one. */
  lastT: Int32Array;
  /**
   * (B) absolute position P + lastT of the last real token: where the reward model's score is read
   * (and an external scorer is told to read it), as packSequences' lastIndex for training pairs.
   */
  lastIndex: Int32Array;
  /** (B) answer length counting EOS. */
  length: Int32Array;
}

/** The response mask of sampled sequences (B, S) whose answers start at P. */
export function responseMask(tokens: Int32Array, B: number, S: number, P: number): ResponseMask {
  const T = S - P;
  const mask = new Float32Array(B * T);
  const hasEos = new Int32Array(B);
  const lastT = new Int32Array(B);
  const length = new Int32Array(B);
  const lastIndex = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    let t = 0;
    for (; t < T; t++) {
      mask[b * T + t] = 1;
      if (tokens[b * S + P + t] === EOS) {
        hasEos[b] = 1;
        break;
      }
    }
    lastT[b] = Math.min(t, T - 1);
    length[b] = lastT[b] + 1;
    lastIndex[b] = P + lastT[b];
  }
  return { mask, hasEos, lastT, lastIndex, length };
}
