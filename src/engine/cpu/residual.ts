/** Residual connection, CPU reference (llm.c `residual_forward/backward`). */
type Floats = Float32Array | Float64Array;

/** out = a + b, elementwise over n. */
export function residualForward(out: Floats, a: Floats, b: Floats, n: number): void {
  for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
}

/** da += dout, db += dout: the gradient flows unchanged into both branches. */
export function residualBackward(da: Floats, db: Floats, dout: Floats, n: number): void {
  for (let i = 0; i < n; i++) {
    da[i] += dout[i];
    db[i] += dout[i];
  }
}
