/**
 * GELU, tanh approximation as in GPT-2 (Hendrycks & Gimpel 2016, eq. for "gelu_new"):
 *   gelu(x) = ½·x·(1 + tanh(u)),  u = √(2/π)·(x + 0.044715·x³).
 * CPU reference in float64. Math.tanh saturates cleanly for any argument, so unlike the WGSL
 * kernel this needs no clamp — which makes it an independent check of the clamp.
 */
type Floats = Float32Array | Float64Array;

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export function geluForward(out: Floats, inp: Floats, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = inp[i];
    out[i] = 0.5 * x * (1 + Math.tanh(K * (x + A * x * x * x)));
  }
}

/** dinp += dout · gelu'(x),  gelu'(x) = ½(1 + tanh u) + ½·x·sech²(u)·√(2/π)·(1 + 3·0.044715·x²). */
export function geluBackward(dinp: Floats, inp: Floats, dout: Floats, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = inp[i];
    const t = Math.tanh(K * (x + A * x * x * x));
    const sech2 = 1 - t * t;
    const grad = 0.5 * (1 + t) + 0.5 * x * sech2 * K * (1 + 3 * A * x * x);
    dinp[i] += grad * dout[i];
  }
}
