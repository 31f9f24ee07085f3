/**
 * One step of causal self-attention during generation, with a KV cache (CPU reference for
 * shaders/attention_decode.wgsl), float64 accumulation.
 *
 * qkv (B, 3C) holds this step's q, k, v (packing as in attention.ts). The step's k and v are
 * stored at position `pos` of kcache / vcache (B, NH, maxS, hs); then the query attends over cache
 * positions 0..pos with scale 1/√hs, writing out (B, C). Run for pos = 0, 1, … it reproduces
 * `attentionForward`'s out row by row, without recomputing earlier keys and values.
 */
type Arr = Float32Array | Float64Array;

export function attentionDecode(
  out: Arr,
  kcache: Arr,
  vcache: Arr,
  qkv: Arr,
  B: number,
  C: number,
  NH: number,
  maxS: number,
  pos: number,
): void {
  if (C % NH !== 0) throw new RangeError(`attentionDecode: C=${C} is not divisible by NH=${NH}`);
  if (!Number.isInteger(pos) || pos < 0 || pos >= maxS) throw new RangeError(`attentionDecode: pos=${pos} outside [0, ${maxS})`);
  const hs = C / NH;
  const scale = 1 / Math.sqrt(hs);
  const scores = new Float64Array(pos + 1);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      const cache = (b * NH + h) * maxS * hs; // (maxS, hs) block of this (b, h)
      const x = b * 3 * C + h * hs; // q of head h; k at +C, v at +2C
      for (let i = 0; i < hs; i++) {
        kcache[cache + pos * hs + i] = qkv[x + C + i];
        vcache[cache + pos * hs + i] = qkv[x + 2 * C + i];
      }
      let max = -Infinity;
      for (let t2 = 0; t2 <= pos; t2++) {
        let dot = 0;
        for (let i = 0; i < hs; i++) dot += qkv[x + i] * kcache[cache + t2 * hs + i];
        scores[t2] = dot * scale;
        if (scores[t2] > max) max = scores[t2];
      }
      let sum = 0;
      for (let t2 = 0; t2 <= pos; t2++) {
        scores[t2] = Math.exp(scores[t2] - max);
        sum += scores[t2];
      }
      for (let i = 0; i < hs; i++) {
        let acc = 0;
        for (let t2 = 0; t2 <= pos; t2++) acc += scores[t2] * vcache[cache + t2 * hs + i];
        out[b * C + h * hs + i] = acc / sum;
      }
    }
  }
}
