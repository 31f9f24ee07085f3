/** out (B,C) = wte[seq[b, pos]] + wpe[pos]; out-of-range token ids clamp to V−1, negatives too (read as u32, as on the GPU). */
export function decodeEmbed(out: Float32Array, seq: Int32Array, wte: Float32Array, wpe: Float32Array, B: number, S: number, C: number, V: number, pos: number): void {
  for (let b = 0; b < B; b++) {
    const tok = Math.min(seq[b * S + pos] >>> 0, V - 1);
    for (let c = 0; c < C; c++) out[b * C + c] = wte[tok * C + c] + wpe[pos * C + c];
  }
}
