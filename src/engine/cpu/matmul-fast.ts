/**
 * The CPU engine's linear layer: the same maths as cpu/matmul.ts (the reference the GPU kernel is
 * checked against) arranged for speed in JavaScript — Float32Array only (monomorphic for V8), rows
 * read contiguously, four output rows per pass sharing each weight load (llm.c's LOOP_UNROLL), and
 * float64 accumulators. Checked against the reference in matmul-fast.test.ts.
 */

/** out (N, OC) = inp (N, C) · weight (OC, C)ᵀ + bias (OC). */
export function matmulForwardFast(out: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array | null, N: number, C: number, OC: number): void {
  let n = 0;
  for (; n + 4 <= N; n += 4) {
    const x0 = n * C, x1 = x0 + C, x2 = x1 + C, x3 = x2 + C;
    for (let o = 0; o < OC; o++) {
      const w = o * C;
      const b = bias ? bias[o] : 0;
      let a0 = b, a1 = b, a2 = b, a3 = b;
      for (let c = 0; c < C; c++) {
        const wc = weight[w + c];
        a0 += inp[x0 + c] * wc;
        a1 += inp[x1 + c] * wc;
        a2 += inp[x2 + c] * wc;
        a3 += inp[x3 + c] * wc;
      }
      out[n * OC + o] = a0;
      out[(n + 1) * OC + o] = a1;
      out[(n + 2) * OC + o] = a2;
      out[(n + 3) * OC + o] = a3;
    }
  }
  for (; n < N; n++) {
    const x = n * C;
    for (let o = 0; o < OC; o++) {
      const w = o * C;
      let a = bias ? bias[o] : 0;
      for (let c = 0; c < C; c++) a += inp[x + c] * weight[w + c];
      out[n * OC + o] = a;
    }
  }
}

let scratch = new Float64Array(0);
const rowScratch = (n: number) => (scratch.length >= n ? scratch : (scratch = new Float64Array(n)));

/** dinp += dout · weight;  dweight += doutᵀ · inp;  dbias += Σ_n dout (accumulating, as the reference). */
export function matmulBackwardFast(dinp: Float32Array, dweight: Float32Array, dbias: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array, N: number, C: number, OC: number): void {
  const acc = rowScratch(C);
  for (let n = 0; n < N; n++) {
    acc.fill(0, 0, C);
    const d = n * OC;
    for (let o = 0; o < OC; o++) {
      const g = dout[d + o];
      if (g === 0) continue;
      const w = o * C;
      for (let c = 0; c < C; c++) acc[c] += g * weight[w + c];
    }
    const x = n * C;
    for (let c = 0; c < C; c++) dinp[x + c] += acc[c];
  }
  for (let o = 0; o < OC; o++) {
    acc.fill(0, 0, C);
    let db = 0;
    for (let n = 0; n < N; n++) {
      const g = dout[n * OC + o];
      if (g === 0) continue;
      db += g;
      const x = n * C;
      for (let c = 0; c < C; c++) acc[c] += g * inp[x + c];
    }
    const w = o * C;
    for (let c = 0; c < C; c++) dweight[w + c] += acc[c];
    if (dbias) dbias[o] += db;
  }
}
