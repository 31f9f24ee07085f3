/**
 * Layer normalisation over the last axis (Ba et al. 2016), CPU reference, llm.c
 * `layernorm_forward/backward`. eps = 1e-5 inside the square root, biased variance, as in GPT-2.
 * Float64 throughout; rows of equal values have variance 0 and give out = bias, not NaN.
 */
type Floats = Float32Array | Float64Array;

export const LAYERNORM_EPS = 1e-5;

/** out (N,C) = (inp − mean)·rstd·weight (C) + bias (C); saves mean (N) and rstd (N) for backward. */
export function layernormForward(
  out: Floats, mean: Floats, rstd: Floats, inp: Floats, weight: Floats, bias: Floats, N: number, C: number,
): void {
  for (let n = 0; n < N; n++) {
    const o = n * C;
    let m = 0;
    for (let c = 0; c < C; c++) m += inp[o + c];
    m /= C;
    let v = 0;
    for (let c = 0; c < C; c++) v += (inp[o + c] - m) ** 2;
    v /= C;
    const r = 1 / Math.sqrt(v + LAYERNORM_EPS);
    for (let c = 0; c < C; c++) out[o + c] = (inp[o + c] - m) * r * weight[c] + bias[c];
    mean[n] = m;
    rstd[n] = r;
  }
}

/**
 * Accumulates dinp (N,C), dweight (C), dbias (C). With x̂ = (x − mean)·rstd and g = weight·dout:
 * dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) — the derivative through mean and rstd folded in.
 */
export function layernormBackward(
  dinp: Floats, dweight: Floats, dbias: Floats, dout: Floats, inp: Floats, weight: Floats, mean: Floats, rstd: Floats, N: number, C: number,
): void {
  const dw = new Float64Array(C);
  const db = new Float64Array(C);
  for (let n = 0; n < N; n++) {
    const o = n * C;
    const m = mean[n], r = rstd[n];
    let gMean = 0, gxMean = 0;
    for (let c = 0; c < C; c++) {
      const xhat = (inp[o + c] - m) * r;
      const g = weight[c] * dout[o + c];
      gMean += g;
      gxMean += g * xhat;
      dw[c] += xhat * dout[o + c];
      db[c] += dout[o + c];
    }
    gMean /= C;
    gxMean /= C;
    for (let c = 0; c < C; c++) {
      const xhat = (inp[o + c] - m) * r;
      dinp[o + c] += r * (weight[c] * dout[o + c] - gMean - xhat * gxMean);
    }
  }
  for (let c = 0; c < C; c++) {
    dweight[c] += dw[c];
    dbias[c] += db[c];
  }
}
