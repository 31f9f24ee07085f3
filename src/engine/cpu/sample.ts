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
    const cur = seq[b * S + pos];
    if (pos >= P && (cur === d.eos || cur === d.pad)) {
      seq[b * S + next] = d.pad;
      continue;
    }
    const o = b * V;
    let m = -Infinity;
    for (let j = 0; j < V; j++) m = Math.max(m, logits[o + j] * invT);
    let s = 0;
    for (let j = 0; j < V; j++) s += Math.exp(logits[o + j] * invT - m);
    const u = u32ToUnit(philox4x32(next, b, d.iteration >>> 0, 0, d.seed >>> 0, d.stream >>> 0, block)[0]);
    let acc = 0;
    let tok = -1;
    let lastLive = 0;
    for (let j = 0; j < V; j++) {
      const q = Math.exp(logits[o + j] * invT - m) / s;
      if (q > 0) lastLive = j;
      acc += q;
      if (tok < 0 && u < acc) tok = j;
    }
    seq[b * S + next] = tok < 0 ? lastLive : tok;
  }
}
