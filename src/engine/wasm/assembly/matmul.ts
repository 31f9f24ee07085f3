// The linear layer in float32 with four-lane SIMD (the engine's fast path). Same maths as
// src/engine/cpu/matmul.ts; every output element sums its terms sequentially (bias first, then the
// summed index in increasing order) in float32, whichever tile or edge loop computes it — so the
// result does not depend on how rows are split between threads.
//
// Weights are (OC, C). The forward reads them transposed, wt (C, OC), so that four consecutive
// output channels are one vector load (see transpose below); the two backward products read the
// weights and inputs along C, which is already contiguous.
import { at, ldf, stf } from './mem';

/** wt (C, OC) ← w (OC, C)ᵀ. */
export function transpose(wt: usize, w: usize, C: i32, OC: i32): void {
  for (let o = 0; o < OC; o++) {
    const row = at(w, o * C);
    for (let c = 0; c < C; c++) stf(wt, c * OC + o, load<f32>(row + ((<usize>c) << 2)));
  }
}

/**
 * out rows [n0, n1) of out (N, OC) = inp (N, C) · wt (C, OC) + bias (OC) (bias = 0: none).
 * Tiles of 4 rows × 8 channels (8 accumulators + 2 weight vectors + 4 broadcasts: 14 of the 16
 * vector registers of x86-64), then 4 rows × 4, then single rows.
 */
export function matmulForwardRows(out: usize, inp: usize, wt: usize, bias: usize, N: i32, C: i32, OC: i32, n0: i32, n1: i32): void {
  const ws = (<usize>OC) << 2; // bytes between consecutive c in wt
  let n = n0;
  for (; n + 4 <= n1; n += 4) {
    const x0 = at(inp, n * C), x1 = x0 + ((<usize>C) << 2), x2 = x1 + ((<usize>C) << 2), x3 = x2 + ((<usize>C) << 2);
    let o = 0;
    for (; o + 8 <= OC; o += 8) {
      let b0 = f32x4.splat(0), b1 = f32x4.splat(0);
      if (bias) { b0 = v128.load(at(bias, o)); b1 = v128.load(at(bias, o), 16); }
      let a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
      let wp = at(wt, o);
      for (let c = 0; c < C; c++) {
        const w0 = v128.load(wp), w1 = v128.load(wp, 16);
        const co = (<usize>c) << 2;
        const i0 = v128.load32_splat(x0 + co), i1 = v128.load32_splat(x1 + co);
        const i2 = v128.load32_splat(x2 + co), i3 = v128.load32_splat(x3 + co);
        a00 = f32x4.add(a00, f32x4.mul(i0, w0)); a01 = f32x4.add(a01, f32x4.mul(i0, w1));
        a10 = f32x4.add(a10, f32x4.mul(i1, w0)); a11 = f32x4.add(a11, f32x4.mul(i1, w1));
        a20 = f32x4.add(a20, f32x4.mul(i2, w0)); a21 = f32x4.add(a21, f32x4.mul(i2, w1));
        a30 = f32x4.add(a30, f32x4.mul(i3, w0)); a31 = f32x4.add(a31, f32x4.mul(i3, w1));
        wp += ws;
      }
      const r0 = at(out, n * OC + o), rs = (<usize>OC) << 2;
      v128.store(r0, a00); v128.store(r0, a01, 16);
      v128.store(r0 + rs, a10); v128.store(r0 + rs, a11, 16);
      v128.store(r0 + 2 * rs, a20); v128.store(r0 + 2 * rs, a21, 16);
      v128.store(r0 + 3 * rs, a30); v128.store(r0 + 3 * rs, a31, 16);
    }
    for (; o + 4 <= OC; o += 4) {
      const b0 = bias ? v128.load(at(bias, o)) : f32x4.splat(0);
      let a0 = b0, a1 = b0, a2 = b0, a3 = b0;
      let wp = at(wt, o);
      for (let c = 0; c < C; c++) {
        const w0 = v128.load(wp);
        const co = (<usize>c) << 2;
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x0 + co), w0));
        a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(x1 + co), w0));
        a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(x2 + co), w0));
        a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(x3 + co), w0));
        wp += ws;
      }
      const r0 = at(out, n * OC + o), rs = (<usize>OC) << 2;
      v128.store(r0, a0); v128.store(r0 + rs, a1); v128.store(r0 + 2 * rs, a2); v128.store(r0 + 3 * rs, a3);
    }
    for (; o < OC; o++) {
      for (let r = 0; r < 4; r++) stf(out, (n + r) * OC + o, dotColumn(inp, wt, bias, n + r, o, C, OC));
    }
  }
  for (; n < n1; n++) {
    const x = at(inp, n * C);
    let o = 0;
    for (; o + 4 <= OC; o += 4) {
      let a = bias ? v128.load(at(bias, o)) : f32x4.splat(0);
      let wp = at(wt, o);
      for (let c = 0; c < C; c++) {
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(x + ((<usize>c) << 2)), v128.load(wp)));
        wp += ws;
      }
      v128.store(at(out, n * OC + o), a);
    }
    for (; o < OC; o++) stf(out, n * OC + o, dotColumn(inp, wt, bias, n, o, C, OC));
  }
}

/** One output element: bias[o] + Σ_c inp[n, c]·wt[c, o], sequentially in float32. */
@inline function dotColumn(inp: usize, wt: usize, bias: usize, n: i32, o: i32, C: i32, OC: i32): f32 {
  let a: f32 = bias ? ldf(bias, o) : 0;
  for (let c = 0; c < C; c++) a += ldf(inp, n * C + c) * ldf(wt, c * OC + o);
  return a;
}

/**
 * Rows [n0, n1) of dinp (N, C) += dout (N, OC) · w (OC, C): each element's sum over o is formed
 * from 0 in order, then added to dinp once (as the reference). Tiles of 4 rows × 8 channels.
 */
export function matmulBackwardInputRows(dinp: usize, dout: usize, w: usize, N: i32, C: i32, OC: i32, n0: i32, n1: i32): void {
  const ws = (<usize>C) << 2; // bytes between consecutive o in w
  let n = n0;
  for (; n + 4 <= n1; n += 4) {
    const d0 = at(dout, n * OC), d1 = d0 + ((<usize>OC) << 2), d2 = d1 + ((<usize>OC) << 2), d3 = d2 + ((<usize>OC) << 2);
    let c = 0;
    for (; c + 8 <= C; c += 8) {
      let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      let wp = at(w, c);
      for (let o = 0; o < OC; o++) {
        const w0 = v128.load(wp), w1 = v128.load(wp, 16);
        const oo = (<usize>o) << 2;
        const g0 = v128.load32_splat(d0 + oo), g1 = v128.load32_splat(d1 + oo);
        const g2 = v128.load32_splat(d2 + oo), g3 = v128.load32_splat(d3 + oo);
        a00 = f32x4.add(a00, f32x4.mul(g0, w0)); a01 = f32x4.add(a01, f32x4.mul(g0, w1));
        a10 = f32x4.add(a10, f32x4.mul(g1, w0)); a11 = f32x4.add(a11, f32x4.mul(g1, w1));
        a20 = f32x4.add(a20, f32x4.mul(g2, w0)); a21 = f32x4.add(a21, f32x4.mul(g2, w1));
        a30 = f32x4.add(a30, f32x4.mul(g3, w0)); a31 = f32x4.add(a31, f32x4.mul(g3, w1));
        wp += ws;
      }
      const r = at(dinp, n * C + c), rs = (<usize>C) << 2;
      addTo(r, a00); addTo(r + 16, a01);
      addTo(r + rs, a10); addTo(r + rs + 16, a11);
      addTo(r + 2 * rs, a20); addTo(r + 2 * rs + 16, a21);
      addTo(r + 3 * rs, a30); addTo(r + 3 * rs + 16, a31);
    }
    for (; c + 4 <= C; c += 4) {
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let wp = at(w, c);
      for (let o = 0; o < OC; o++) {
        const w0 = v128.load(wp);
        const oo = (<usize>o) << 2;
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(d0 + oo), w0));
        a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(d1 + oo), w0));
        a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(d2 + oo), w0));
        a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(d3 + oo), w0));
        wp += ws;
      }
      const r = at(dinp, n * C + c), rs = (<usize>C) << 2;
      addTo(r, a0); addTo(r + rs, a1); addTo(r + 2 * rs, a2); addTo(r + 3 * rs, a3);
    }
    for (; c < C; c++) {
      for (let r = 0; r < 4; r++) dinpOne(dinp, dout, w, n + r, c, C, OC);
    }
  }
  for (; n < n1; n++) {
    const d = at(dout, n * OC);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      let a = f32x4.splat(0);
      let wp = at(w, c);
      for (let o = 0; o < OC; o++) {
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(d + ((<usize>o) << 2)), v128.load(wp)));
        wp += ws;
      }
      addTo(at(dinp, n * C + c), a);
    }
    for (; c < C; c++) dinpOne(dinp, dout, w, n, c, C, OC);
  }
}

@inline function addTo(p: usize, a: v128): void {
  v128.store(p, f32x4.add(v128.load(p), a));
}

@inline function dinpOne(dinp: usize, dout: usize, w: usize, n: i32, c: i32, C: i32, OC: i32): void {
  let a: f32 = 0;
  for (let o = 0; o < OC; o++) a += ldf(dout, n * OC + o) * ldf(w, o * C + c);
  stf(dinp, n * C + c, ldf(dinp, n * C + c) + a);
}

/**
 * Rows [o0, o1) of dweight (OC, C) += dout (N, OC)ᵀ · inp (N, C), and of dbias (OC) += Σ_n dout
 * (dbias = 0: none). Each element sums over n from 0 in order. Tiles of 4 output rows × 8 channels.
 */
export function matmulBackwardWeightRows(dweight: usize, dbias: usize, dout: usize, inp: usize, N: i32, C: i32, OC: i32, o0: i32, o1: i32): void {
  const xs = (<usize>C) << 2, ds = (<usize>OC) << 2;
  let o = o0;
  for (; o + 4 <= o1; o += 4) {
    let c = 0;
    for (; c + 8 <= C; c += 8) {
      let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      let xp = at(inp, c), dp = at(dout, o);
      for (let n = 0; n < N; n++) {
        const x0 = v128.load(xp), x1 = v128.load(xp, 16);
        const g0 = v128.load32_splat(dp), g1 = v128.load32_splat(dp + 4);
        const g2 = v128.load32_splat(dp + 8), g3 = v128.load32_splat(dp + 12);
        a00 = f32x4.add(a00, f32x4.mul(g0, x0)); a01 = f32x4.add(a01, f32x4.mul(g0, x1));
        a10 = f32x4.add(a10, f32x4.mul(g1, x0)); a11 = f32x4.add(a11, f32x4.mul(g1, x1));
        a20 = f32x4.add(a20, f32x4.mul(g2, x0)); a21 = f32x4.add(a21, f32x4.mul(g2, x1));
        a30 = f32x4.add(a30, f32x4.mul(g3, x0)); a31 = f32x4.add(a31, f32x4.mul(g3, x1));
        xp += xs; dp += ds;
      }
      const r = at(dweight, o * C + c), rs = (<usize>C) << 2;
      addTo(r, a00); addTo(r + 16, a01);
      addTo(r + rs, a10); addTo(r + rs + 16, a11);
      addTo(r + 2 * rs, a20); addTo(r + 2 * rs + 16, a21);
      addTo(r + 3 * rs, a30); addTo(r + 3 * rs + 16, a31);
    }
    for (; c + 4 <= C; c += 4) {
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let xp = at(inp, c), dp = at(dout, o);
      for (let n = 0; n < N; n++) {
        const x0 = v128.load(xp);
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(dp), x0));
        a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(dp + 4), x0));
        a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(dp + 8), x0));
        a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(dp + 12), x0));
        xp += xs; dp += ds;
      }
      const r = at(dweight, o * C + c), rs = (<usize>C) << 2;
      addTo(r, a0); addTo(r + rs, a1); addTo(r + 2 * rs, a2); addTo(r + 3 * rs, a3);
    }
    for (; c < C; c++) {
      for (let r = 0; r < 4; r++) dweightOne(dweight, dout, inp, o + r, c, N, C, OC);
    }
  }
  for (; o < o1; o++) {
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      let a = f32x4.splat(0);
      let xp = at(inp, c), dp = at(dout, o);
      for (let n = 0; n < N; n++) {
        a = f32x4.add(a, f32x4.mul(v128.load32_splat(dp), v128.load(xp)));
        xp += xs; dp += ds;
      }
      addTo(at(dweight, o * C + c), a);
    }
    for (; c < C; c++) dweightOne(dweight, dout, inp, o, c, N, C, OC);
  }
  if (dbias) {
    for (let oo = o0; oo < o1; oo++) {
      let b: f32 = 0;
      for (let n = 0; n < N; n++) b += ldf(dout, n * OC + oo);
      stf(dbias, oo, ldf(dbias, oo) + b);
    }
  }
}

@inline function dweightOne(dweight: usize, dout: usize, inp: usize, o: i32, c: i32, N: i32, C: i32, OC: i32): void {
  let a: f32 = 0;
  for (let n = 0; n < N; n++) a += ldf(dout, n * OC + o) * ldf(inp, n * C + c);
  stf(dweight, o * C + c, ldf(dweight, o * C + c) + a);
}
