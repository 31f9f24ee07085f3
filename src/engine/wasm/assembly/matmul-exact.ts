// The linear layer in float64 with two-lane SIMD: the same numbers as src/engine/cpu/matmul-fast.ts
// (and matmul.ts) bit for bit. Each output element is one float64 sum in the reference's order
// (bias or 0 first, then the summed index increasing); float32 × float32 is exact in float64, f64x2
// lanes hold two *different* outputs, and float64 → float32 rounds to nearest-even on both sides.
// Slower than matmul.ts (two lanes, a widening per load) but keeps every shipped checkpoint.
import { at, ldd, stf } from './mem';

@inline function lo(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
@inline function hi(v: v128): v128 { return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)); }
@inline function splat(p: usize): v128 { return f64x2.splat(<f64>load<f32>(p)); }
/** Stores two float64 lanes as two float32 at p. */
@inline function store2(p: usize, a: v128): void { v128.store64_lane(p, f32x4.demote_f64x2_zero(a), 0); }
/** p[0..1] (float32) += a (float64 lanes), the add in float64 as in JS `x[i] += acc`. */
@inline function addTo2(p: usize, a: v128): void { store2(p, f64x2.add(lo(v128.load64_zero(p)), a)); }

/** Rows [n0, n1) of out (N, OC) = inp (N, C) · wt (C, OC) + bias: tiles of 4 rows × 4 channels. */
export function matmulForwardRowsExact(out: usize, inp: usize, wt: usize, bias: usize, N: i32, C: i32, OC: i32, n0: i32, n1: i32): void {
  const ws = (<usize>OC) << 2;
  let n = n0;
  for (; n + 4 <= n1; n += 4) {
    const x0 = at(inp, n * C), x1 = x0 + ((<usize>C) << 2), x2 = x1 + ((<usize>C) << 2), x3 = x2 + ((<usize>C) << 2);
    let o = 0;
    for (; o + 4 <= OC; o += 4) {
      let b0 = f64x2.splat(0), b1 = b0;
      if (bias) { const bv = v128.load(at(bias, o)); b0 = lo(bv); b1 = hi(bv); }
      let a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
      let wp = at(wt, o);
      for (let c = 0; c < C; c++) {
        const wv = v128.load(wp);
        const w0 = lo(wv), w1 = hi(wv);
        const co = (<usize>c) << 2;
        const i0 = splat(x0 + co), i1 = splat(x1 + co), i2 = splat(x2 + co), i3 = splat(x3 + co);
        a00 = f64x2.add(a00, f64x2.mul(i0, w0)); a01 = f64x2.add(a01, f64x2.mul(i0, w1));
        a10 = f64x2.add(a10, f64x2.mul(i1, w0)); a11 = f64x2.add(a11, f64x2.mul(i1, w1));
        a20 = f64x2.add(a20, f64x2.mul(i2, w0)); a21 = f64x2.add(a21, f64x2.mul(i2, w1));
        a30 = f64x2.add(a30, f64x2.mul(i3, w0)); a31 = f64x2.add(a31, f64x2.mul(i3, w1));
        wp += ws;
      }
      const r = at(out, n * OC + o), rs = (<usize>OC) << 2;
      store2(r, a00); store2(r + 8, a01);
      store2(r + rs, a10); store2(r + rs + 8, a11);
      store2(r + 2 * rs, a20); store2(r + 2 * rs + 8, a21);
      store2(r + 3 * rs, a30); store2(r + 3 * rs + 8, a31);
    }
    for (; o < OC; o++) for (let r = 0; r < 4; r++) stf(out, (n + r) * OC + o, <f32>dotColumn(inp, wt, bias, n + r, o, C, OC));
  }
  for (; n < n1; n++) for (let o = 0; o < OC; o++) stf(out, n * OC + o, <f32>dotColumn(inp, wt, bias, n, o, C, OC));
}

@inline function dotColumn(inp: usize, wt: usize, bias: usize, n: i32, o: i32, C: i32, OC: i32): f64 {
  let a: f64 = bias ? ldd(bias, o) : 0;
  for (let c = 0; c < C; c++) a += ldd(inp, n * C + c) * ldd(wt, c * OC + o);
  return a;
}

/** Rows [n0, n1) of dinp (N, C) += dout (N, OC) · w (OC, C): tiles of 4 rows × 4 channels. */
export function matmulBackwardInputRowsExact(dinp: usize, dout: usize, w: usize, N: i32, C: i32, OC: i32, n0: i32, n1: i32): void {
  const ws = (<usize>C) << 2;
  let n = n0;
  for (; n + 4 <= n1; n += 4) {
    const d0 = at(dout, n * OC), d1 = d0 + ((<usize>OC) << 2), d2 = d1 + ((<usize>OC) << 2), d3 = d2 + ((<usize>OC) << 2);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      let a00 = f64x2.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      let wp = at(w, c);
      for (let o = 0; o < OC; o++) {
        const wv = v128.load(wp);
        const w0 = lo(wv), w1 = hi(wv);
        const oo = (<usize>o) << 2;
        const g0 = splat(d0 + oo), g1 = splat(d1 + oo), g2 = splat(d2 + oo), g3 = splat(d3 + oo);
        a00 = f64x2.add(a00, f64x2.mul(g0, w0)); a01 = f64x2.add(a01, f64x2.mul(g0, w1));
        a10 = f64x2.add(a10, f64x2.mul(g1, w0)); a11 = f64x2.add(a11, f64x2.mul(g1, w1));
        a20 = f64x2.add(a20, f64x2.mul(g2, w0)); a21 = f64x2.add(a21, f64x2.mul(g2, w1));
        a30 = f64x2.add(a30, f64x2.mul(g3, w0)); a31 = f64x2.add(a31, f64x2.mul(g3, w1));
        wp += ws;
      }
      const r = at(dinp, n * C + c), rs = (<usize>C) << 2;
      addTo2(r, a00); addTo2(r + 8, a01);
      addTo2(r + rs, a10); addTo2(r + rs + 8, a11);
      addTo2(r + 2 * rs, a20); addTo2(r + 2 * rs + 8, a21);
      addTo2(r + 3 * rs, a30); addTo2(r + 3 * rs + 8, a31);
    }
    for (; c < C; c++) for (let r = 0; r < 4; r++) dinpOne(dinp, dout, w, n + r, c, C, OC);
  }
  for (; n < n1; n++) for (let c = 0; c < C; c++) dinpOne(dinp, dout, w, n, c, C, OC);
}

@inline function dinpOne(dinp: usize, dout: usize, w: usize, n: i32, c: i32, C: i32, OC: i32): void {
  let a: f64 = 0;
  for (let o = 0; o < OC; o++) a += ldd(dout, n * OC + o) * ldd(w, o * C + c);
  stf(dinp, n * C + c, <f32>(ldd(dinp, n * C + c) + a));
}

/** Rows [o0, o1) of dweight (OC, C) += doutᵀ · inp and dbias += Σ_n dout: tiles of 4 rows × 4 channels. */
export function matmulBackwardWeightRowsExact(dweight: usize, dbias: usize, dout: usize, inp: usize, N: i32, C: i32, OC: i32, o0: i32, o1: i32): void {
  const xs = (<usize>C) << 2, ds = (<usize>OC) << 2;
  let o = o0;
  for (; o + 4 <= o1; o += 4) {
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      let a00 = f64x2.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      let xp = at(inp, c), dp = at(dout, o);
      for (let n = 0; n < N; n++) {
        const xv = v128.load(xp);
        const x0 = lo(xv), x1 = hi(xv);
        const g0 = splat(dp), g1 = splat(dp + 4), g2 = splat(dp + 8), g3 = splat(dp + 12);
        a00 = f64x2.add(a00, f64x2.mul(g0, x0)); a01 = f64x2.add(a01, f64x2.mul(g0, x1));
        a10 = f64x2.add(a10, f64x2.mul(g1, x0)); a11 = f64x2.add(a11, f64x2.mul(g1, x1));
        a20 = f64x2.add(a20, f64x2.mul(g2, x0)); a21 = f64x2.add(a21, f64x2.mul(g2, x1));
        a30 = f64x2.add(a30, f64x2.mul(g3, x0)); a31 = f64x2.add(a31, f64x2.mul(g3, x1));
        xp += xs; dp += ds;
      }
      const r = at(dweight, o * C + c), rs = (<usize>C) << 2;
      addTo2(r, a00); addTo2(r + 8, a01);
      addTo2(r + rs, a10); addTo2(r + rs + 8, a11);
      addTo2(r + 2 * rs, a20); addTo2(r + 2 * rs + 8, a21);
      addTo2(r + 3 * rs, a30); addTo2(r + 3 * rs + 8, a31);
    }
    for (; c < C; c++) for (let r = 0; r < 4; r++) dweightOne(dweight, dout, inp, o + r, c, N, C, OC);
  }
  for (; o < o1; o++) for (let c = 0; c < C; c++) dweightOne(dweight, dout, inp, o, c, N, C, OC);
  if (dbias) {
    for (let oo = o0; oo < o1; oo++) {
      let b: f64 = 0;
      for (let n = 0; n < N; n++) b += ldd(dout, n * OC + oo);
      stf(dbias, oo, <f32>(ldd(dbias, oo) + b));
    }
  }
}

@inline function dweightOne(dweight: usize, dout: usize, inp: usize, o: i32, c: i32, N: i32, C: i32, OC: i32): void {
  let a: f64 = 0;
  for (let n = 0; n < N; n++) a += ldd(dout, n * OC + o) * ldd(inp, n * C + c);
  stf(dweight, o * C + c, <f32>(ldd(dweight, o * C + c) + a));
}
