// Causal multi-head self-attention in float32 with four-lane SIMD; reference
// src/engine/cpu/attention.ts (same packing of qkv (B,S,3C), scale 1/√hs, masked entries of preatt
// and att written as 0, llm.c accumulation semantics in the backward). Work is split by (batch,
// head) pairs [bh0, bh1): every output element belongs to exactly one pair, so results do not
// depend on the split.
import { exp1, exp4 } from './fast-math';
import { at, hsum, ldf, stf } from './mem';

/** Σ_i a[i]·b[i] over hs floats: four lanes over groups of 4, then the rest. */
@inline export function dot(a: usize, b: usize, hs: i32): f32 {
  const h4 = hs & ~3;
  let s = f32x4.splat(0);
  for (let i = 0; i < h4; i += 4) s = f32x4.add(s, f32x4.mul(v128.load(at(a, i)), v128.load(at(b, i))));
  let r = hsum(s);
  for (let i = h4; i < hs; i++) r += ldf(a, i) * ldf(b, i);
  return r;
}

/** y[i] += alpha·x[i] over hs floats. */
@inline export function axpy(y: usize, alpha: f32, x: usize, hs: i32): void {
  const h4 = hs & ~3;
  const av = f32x4.splat(alpha);
  for (let i = 0; i < h4; i += 4) v128.store(at(y, i), f32x4.add(v128.load(at(y, i)), f32x4.mul(av, v128.load(at(x, i)))));
  for (let i = h4; i < hs; i++) stf(y, i, ldf(y, i) + alpha * ldf(x, i));
}

/**
 * e[j] = exp(z[j] − max) for j < len, in place, returning Σ e (lanes, then the rest). z may be a
 * row of preatt (then e is written to att) — src and dst may be the same.
 */
@inline export function expShift(dst: usize, src: usize, len: i32, mx: f32): f32 {
  const l4 = len & ~3;
  const mv = f32x4.splat(mx);
  let s = f32x4.splat(0);
  for (let j = 0; j < l4; j += 4) {
    const e = exp4(f32x4.sub(v128.load(at(src, j)), mv));
    v128.store(at(dst, j), e);
    s = f32x4.add(s, e);
  }
  let sum = hsum(s);
  for (let j = l4; j < len; j++) {
    const e = exp1(ldf(src, j) - mx);
    stf(dst, j, e);
    sum += e;
  }
  return sum;
}

/** out (B,S,C), preatt and att (B,NH,S,S) from qkv (B,S,3C), for the (b, h) pairs [bh0, bh1). */
export function attentionForward(out: usize, preatt: usize, att: usize, qkv: usize, B: i32, S: i32, C: i32, NH: i32, bh0: i32, bh1: i32): void {
  const hs = C / NH, C3 = 3 * C;
  const scale: f32 = 1 / Mathf.sqrt(<f32>hs);
  for (let bh = bh0; bh < bh1; bh++) {
    const b = bh / NH, h = bh % NH;
    for (let t = 0; t < S; t++) {
      const q = at(qkv, (b * S + t) * C3 + h * hs);
      const row = ((b * NH + h) * S + t) * S;
      const pre = at(preatt, row), a = at(att, row);
      let mx: f32 = -Infinity;
      for (let t2 = 0; t2 <= t; t2++) {
        const z = dot(q, at(qkv, (b * S + t2) * C3 + C + h * hs), hs) * scale;
        stf(pre, t2, z);
        mx = max(mx, z);
      }
      const sum = expShift(a, pre, t + 1, mx);
      const inv = f32x4.splat(sum);
      const n1 = t + 1, n4 = n1 & ~3;
      for (let t2 = 0; t2 < n4; t2 += 4) v128.store(at(a, t2), f32x4.div(v128.load(at(a, t2)), inv));
      for (let t2 = n4; t2 < n1; t2++) stf(a, t2, ldf(a, t2) / sum);
      for (let t2 = n1; t2 < S; t2++) { stf(a, t2, 0); stf(pre, t2, 0); }
      // out_t = Σ_t2 att[t2] · value_t2
      const o = at(out, (b * S + t) * C + h * hs);
      for (let i = 0; i < hs; i++) stf(o, i, 0);
      for (let t2 = 0; t2 <= t; t2++) axpy(o, ldf(a, t2), at(qkv, (b * S + t2) * C3 + 2 * C + h * hs), hs);
    }
  }
}

/**
 * Accumulates dqkv (B,S,3C), dpreatt, datt (B,NH,S,S) from dout (B,S,C) for the pairs [bh0, bh1).
 * As in the reference: datt gets this call's contribution, then the softmax backward uses the whole
 * datt row (dpreatt += att·(datt − Σ att·datt)), then the q·k backward the whole dpreatt row.
 */
export function attentionBackward(dqkv: usize, dpreatt: usize, datt: usize, dout: usize, qkv: usize, att: usize, B: i32, S: i32, C: i32, NH: i32, bh0: i32, bh1: i32): void {
  const hs = C / NH, C3 = 3 * C;
  const scale: f32 = 1 / Mathf.sqrt(<f32>hs);
  for (let bh = bh0; bh < bh1; bh++) {
    const b = bh / NH, h = bh % NH;
    for (let t = 0; t < S; t++) {
      const q = (b * S + t) * C3 + h * hs;
      const row = ((b * NH + h) * S + t) * S;
      const a = at(att, row), da = at(datt, row), dp = at(dpreatt, row);
      const o = at(dout, (b * S + t) * C + h * hs);
      // out_t = Σ att[t2] · value_t2
      for (let t2 = 0; t2 <= t; t2++) {
        const v = (b * S + t2) * C3 + 2 * C + h * hs;
        stf(da, t2, ldf(da, t2) + dot(at(qkv, v), o, hs));
        axpy(at(dqkv, v), ldf(a, t2), o, hs);
      }
      // softmax: dpreatt[t3] += att[t3]·(datt[t3] − Σ_t2 att[t2]·datt[t2])
      const s = dot(a, da, t + 1);
      for (let t2 = 0; t2 <= t; t2++) stf(dp, t2, ldf(dp, t2) + ldf(a, t2) * (ldf(da, t2) - s));
      // preatt[t2] = scale · q_t · k_t2
      for (let t2 = 0; t2 <= t; t2++) {
        const k = (b * S + t2) * C3 + C + h * hs;
        const g = ldf(dp, t2) * scale;
        axpy(at(dqkv, q), g, at(qkv, k), hs);
        axpy(at(dqkv, k), g, at(qkv, q), hs);
      }
    }
  }
}
