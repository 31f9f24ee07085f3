/**
 * The CPU engine's linear layer: the same maths as cpu/matmul.ts (the reference the GPU kernel is
 * checked against) arranged for speed in JavaScript — Float32Array only (monomorphic for V8) and
 * 4×4 register tiles (16 float64 accumulators, 8 loads per 16 multiply-adds). Every output still
 * sums its terms in the reference's order, so the results equal the previous versions bit for bit
 * (the shipped checkpoints depend on that). Checked against the reference in matmul-fast.test.ts.
 */

/** out (N, OC) = inp (N, C) · weight (OC, C)ᵀ + bias (OC). */
export function matmulForwardFast(out: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array | null, N: number, C: number, OC: number): void {
  const N4 = N - (N % 4), O4 = OC - (OC % 4);
  for (let n = 0; n < N4; n += 4) {
    const x0 = n * C, x1 = x0 + C, x2 = x1 + C, x3 = x2 + C;
    for (let o = 0; o < O4; o += 4) {
      const w0 = o * C, w1 = w0 + C, w2 = w1 + C, w3 = w2 + C;
      const b0 = bias ? bias[o] : 0, b1 = bias ? bias[o + 1] : 0, b2 = bias ? bias[o + 2] : 0, b3 = bias ? bias[o + 3] : 0;
      let a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
      let a20 = b0, a21 = b1, a22 = b2, a23 = b3, a30 = b0, a31 = b1, a32 = b2, a33 = b3;
      for (let c = 0; c < C; c++) {
        const i0 = inp[x0 + c], i1 = inp[x1 + c], i2 = inp[x2 + c], i3 = inp[x3 + c];
        const v0 = weight[w0 + c], v1 = weight[w1 + c], v2 = weight[w2 + c], v3 = weight[w3 + c];
        a00 += i0 * v0; a01 += i0 * v1; a02 += i0 * v2; a03 += i0 * v3;
        a10 += i1 * v0; a11 += i1 * v1; a12 += i1 * v2; a13 += i1 * v3;
        a20 += i2 * v0; a21 += i2 * v1; a22 += i2 * v2; a23 += i2 * v3;
        a30 += i3 * v0; a31 += i3 * v1; a32 += i3 * v2; a33 += i3 * v3;
      }
      const r0 = n * OC + o, r1 = r0 + OC, r2 = r1 + OC, r3 = r2 + OC;
      out[r0] = a00; out[r0 + 1] = a01; out[r0 + 2] = a02; out[r0 + 3] = a03;
      out[r1] = a10; out[r1 + 1] = a11; out[r1 + 2] = a12; out[r1 + 3] = a13;
      out[r2] = a20; out[r2 + 1] = a21; out[r2 + 2] = a22; out[r2 + 3] = a23;
      out[r3] = a30; out[r3 + 1] = a31; out[r3 + 2] = a32; out[r3 + 3] = a33;
    }
  }
  // Edges (rows beyond a multiple of 4, channels beyond a multiple of 4): one output at a time.
  for (let n = 0; n < N; n++) {
    const x = n * C;
    for (let o = n < N4 ? O4 : 0; o < OC; o++) {
      const w = o * C;
      let a = bias ? bias[o] : 0;
      for (let c = 0; c < C; c++) a += inp[x + c] * weight[w + c];
      out[n * OC + o] = a;
    }
  }
}

/** dinp (N, C) += dout (N, OC) · weight (OC, C), each element summed over o in order. */
function dinpFast(dinp: Float32Array, dout: Float32Array, weight: Float32Array, N: number, C: number, OC: number): void {
  const N4 = N - (N % 4), C4 = C - (C % 4);
  for (let n = 0; n < N4; n += 4) {
    const d0 = n * OC, d1 = d0 + OC, d2 = d1 + OC, d3 = d2 + OC;
    for (let c = 0; c < C4; c += 4) {
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      let a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
      for (let o = 0; o < OC; o++) {
        const g0 = dout[d0 + o], g1 = dout[d1 + o], g2 = dout[d2 + o], g3 = dout[d3 + o];
        const w = o * C + c;
        const v0 = weight[w], v1 = weight[w + 1], v2 = weight[w + 2], v3 = weight[w + 3];
        a00 += g0 * v0; a01 += g0 * v1; a02 += g0 * v2; a03 += g0 * v3;
        a10 += g1 * v0; a11 += g1 * v1; a12 += g1 * v2; a13 += g1 * v3;
        a20 += g2 * v0; a21 += g2 * v1; a22 += g2 * v2; a23 += g2 * v3;
        a30 += g3 * v0; a31 += g3 * v1; a32 += g3 * v2; a33 += g3 * v3;
      }
      const r0 = n * C + c, r1 = r0 + C, r2 = r1 + C, r3 = r2 + C;
      dinp[r0] += a00; dinp[r0 + 1] += a01; dinp[r0 + 2] += a02; dinp[r0 + 3] += a03;
      dinp[r1] += a10; dinp[r1 + 1] += a11; dinp[r1 + 2] += a12; dinp[r1 + 3] += a13;
      dinp[r2] += a20; dinp[r2 + 1] += a21; dinp[r2 + 2] += a22; dinp[r2 + 3] += a23;
      dinp[r3] += a30; dinp[r3 + 1] += a31; dinp[r3 + 2] += a32; dinp[r3 + 3] += a33;
    }
  }
  for (let n = 0; n < N; n++) {
    for (let c = n < N4 ? C4 : 0; c < C; c++) {
      let a = 0;
      for (let o = 0; o < OC; o++) a += dout[n * OC + o] * weight[o * C + c];
      dinp[n * C + c] += a;
    }
  }
}

/** dweight (OC, C) += dout (N, OC)ᵀ · inp (N, C), each element summed over n in order; dbias += Σ_n dout. */
function dweightFast(dweight: Float32Array, dbias: Float32Array | null, dout: Float32Array, inp: Float32Array, N: number, C: number, OC: number): void {
  const O4 = OC - (OC % 4), C4 = C - (C % 4);
  for (let o = 0; o < O4; o += 4) {
    for (let c = 0; c < C4; c += 4) {
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      let a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
      for (let n = 0; n < N; n++) {
        const d = n * OC + o, x = n * C + c;
        const g0 = dout[d], g1 = dout[d + 1], g2 = dout[d + 2], g3 = dout[d + 3];
        const i0 = inp[x], i1 = inp[x + 1], i2 = inp[x + 2], i3 = inp[x + 3];
        a00 += g0 * i0; a01 += g0 * i1; a02 += g0 * i2; a03 += g0 * i3;
        a10 += g1 * i0; a11 += g1 * i1; a12 += g1 * i2; a13 += g1 * i3;
        a20 += g2 * i0; a21 += g2 * i1; a22 += g2 * i2; a23 += g2 * i3;
        a30 += g3 * i0; a31 += g3 * i1; a32 += g3 * i2; a33 += g3 * i3;
      }
      const r0 = o * C + c, r1 = r0 + C, r2 = r1 + C, r3 = r2 + C;
      dweight[r0] += a00; dweight[r0 + 1] += a01; dweight[r0 + 2] += a02; dweight[r0 + 3] += a03;
      dweight[r1] += a10; dweight[r1 + 1] += a11; dweight[r1 + 2] += a12; dweight[r1 + 3] += a13;
      dweight[r2] += a20; dweight[r2 + 1] += a21; dweight[r2 + 2] += a22; dweight[r2 + 3] += a23;
      dweight[r3] += a30; dweight[r3 + 1] += a31; dweight[r3 + 2] += a32; dweight[r3 + 3] += a33;
    }
  }
  for (let o = 0; o < OC; o++) {
    for (let c = o < O4 ? C4 : 0; c < C; c++) {
      let a = 0;
      for (let n = 0; n < N; n++) a += dout[n * OC + o] * inp[n * C + c];
      dweight[o * C + c] += a;
    }
    if (dbias) {
      let b = 0;
      for (let n = 0; n < N; n++) b += dout[n * OC + o];
      dbias[o] += b;
    }
  }
}

/** dinp += dout · weight;  dweight += doutᵀ · inp;  dbias += Σ_n dout (accumulating, as the reference). */
export function matmulBackwardFast(dinp: Float32Array, dweight: Float32Array, dbias: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array, N: number, C: number, OC: number): void {
  dinpFast(dinp, dout, weight, N, C, OC);
  dweightFast(dweight, dbias, dout, inp, N, C, OC);
}
