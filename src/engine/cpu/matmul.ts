/**
 * Linear layer on the CPU (llm.c `matmul_forward` / `matmul_backward`), float64 accumulation.
 * Weights are stored (OC, C), row = output channel, as in llm.c and PyTorch `nn.Linear`.
 * The reference that shaders/matmul.wgsl is checked against. Arrays may be Float64Array so that
 * finite-difference tests can run entirely in float64.
 */
type Arr = Float32Array | Float64Array;

/** out (N, OC) = inp (N, C) · weight (OC, C)ᵀ + bias (OC). `bias` may be null. */
export function matmulForward(
  out: Arr,
  inp: Arr,
  weight: Arr,
  bias: Arr | null | undefined,
  N: number,
  C: number,
  OC: number,
): void {
  for (let n = 0; n < N; n++) {
    const x = n * C; // row n of inp, (C)
    for (let o = 0; o < OC; o++) {
      const w = o * C; // row o of weight, (C)
      let acc = bias ? bias[o] : 0;
      for (let c = 0; c < C; c++) acc += inp[x + c] * weight[w + c];
      out[n * OC + o] = acc;
    }
  }
}

/**
 * Accumulates the gradients of the linear layer:
 *   dinp (N, C)     += dout (N, OC) · weight (OC, C)
 *   dweight (OC, C) += dout (N, OC)ᵀ · inp (N, C)
 *   dbias (OC)      += Σ_n dout[n, ·]          (skipped when dbias is null)
 * Each sum is formed in float64 and added to the existing gradient once.
 */
export function matmulBackward(
  dinp: Arr,
  dweight: Arr,
  dbias: Arr | null | undefined,
  dout: Arr,
  inp: Arr,
  weight: Arr,
  N: number,
  C: number,
  OC: number,
): void {
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      let acc = 0;
      for (let o = 0; o < OC; o++) acc += dout[n * OC + o] * weight[o * C + c];
      dinp[n * C + c] += acc;
    }
  }
  for (let o = 0; o < OC; o++) {
    for (let c = 0; c < C; c++) {
      let acc = 0;
      for (let n = 0; n < N; n++) acc += dout[n * OC + o] * inp[n * C + c];
      dweight[o * C + c] += acc;
    }
    if (dbias) {
      let acc = 0;
      for (let n = 0; n < N; n++) acc += dout[n * OC + o];
      dbias[o] += acc;
    }
  }
}
