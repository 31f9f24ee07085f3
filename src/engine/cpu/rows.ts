/**
 * Moving rows and columns between the (B, S) sequence layout and the (B, T) response layout, and
 * gathering minibatch rows. Plain copies; the GPU twin is shaders/rows.wgsl.
 */
type Buf = Float32Array | Int32Array;

/** out[r, :] = inp[idx[r], :] for r < rows; rowLen elements per row. */
export function gatherRows<T extends Buf>(out: T, inp: T, idx: Int32Array, rows: number, rowLen: number): void {
  for (let r = 0; r < rows; r++) {
    const src = idx[r] * rowLen;
    for (let j = 0; j < rowLen; j++) out[r * rowLen + j] = inp[src + j];
  }
}

/** out (B,T)[b,t] = inp (B,S)[b, start + t]. */
export function sliceColumns(out: Float32Array, inp: Float32Array, B: number, T: number, S: number, start: number): void {
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) out[b * T + t] = inp[b * S + start + t];
}

/** out (B,S)[b, start + t] += inp (B,T)[b,t] (the backward of sliceColumns). */
export function scatterColumns(out: Float32Array, inp: Float32Array, B: number, T: number, S: number, start: number): void {
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) out[b * S + start + t] += inp[b * T + t];
}

/** out (B)[b] = inp (B,S)[b, idx[b]]. */
export function gatherAt(out: Float32Array, inp: Float32Array, idx: Int32Array, B: number, S: number): void {
  for (let b = 0; b < B; b++) out[b] = inp[b * S + idx[b]];
}

/** out (B,S)[b, idx[b]] += inp (B)[b] (the backward of gatherAt). */
export function scatterAt(out: Float32Array, inp: Float32Array, idx: Int32Array, B: number, S: number): void {
  for (let b = 0; b < B; b++) out[b * S + idx[b]] += inp[b];
}
