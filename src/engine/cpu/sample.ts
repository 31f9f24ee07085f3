import { philox4x32, u32ToUnit } from '../tensor/rng';

export interface DrawSettings {
  temperature: number;
  seed: number;
  stream: number;
  iteration: number;
  eos: number;
  pad: number;
}

const block = new Uint32Array(4);

/** The uniform of row b for token position `next`: Philox of (counter (next, b, iteration, 0), key (seed, stream)), as shaders/sample.wgsl. */
export function drawUniform(next: number, b: number, d: DrawSettings): number {
  return u32ToUnit(philox4x32(next, b, d.iteration >>> 0, 0, d.seed >>> 0, d.stream >>> 0, block)[0]);
}

/** Whether row b has ended before position pos+1 (an answer token at pos is EOS or PAD): it only gets PAD. */
export function rowEnded(seq: Int32Array, b: number, S: number, pos: number, P: number, d: DrawSettings): boolean {
  const cur = seq[b * S + pos];
  return pos >= P && (cur === d.eos || cur === d.pad);
}

/**
 * The token drawn from softmax(logits[o .. o+V) · invT) by inverse CDF with uniform u, in float64:
 * the first j with u < Σ_{i≤j} p_i; if rounding leaves u above the total, the last token with
 * non-zero probability (never a masked one).
 */
export function drawToken(logits: Float32Array, o: number, V: number, invT: number, u: number): number {
  let m = -Infinity;
  for (let j = 0; j < V; j++) m = Math.max(m, logits[o + j] * invT);
  let s = 0;
  for (let j = 0; j < V; j++) s += Math.exp(logits[o + j] * invT - m);
  let acc = 0;
  let lastLive = 0;
  for (let j = 0; j < V; j++) {
    const q = Math.exp(logits[o + j] * invT - m) / s;
    if (q > 0) lastLive = j;
    acc += q;
    if (u < acc) return j;
  }
  return lastLive;
}

/**
 * seq[b, pos+1] ← a draw from softmax(logits[b] / T) by inverse CDF with the Philox uniform of
 * (counter (pos+1, b, iteration, 0), key (seed, stream)) — the same draw as shaders/sample.wgsl.
 * Prompt positions (< P) are left alone; after EOS or PAD a row gets PAD.
 *   logits (B, V), seq (B, S)
 */
export function sampleNext(seq: Int32Array, logits: Float32Array, B: number, S: number, V: number, pos: number, P: number, d: DrawSettings): void {
  const next = pos + 1;
  if (next < P || next >= S) return;
  const invT = Math.fround(1 / d.temperature);
  for (let b = 0; b < B; b++) {
    seq[b * S + next] = rowEnded(seq, b, S, pos, P, d) ? d.pad : drawToken(logits, b * V, V, invT, drawUniform(next, b, d));
  }
}
