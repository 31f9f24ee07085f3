// Softmax + negative log-likelihood (SFT) in float32 with four-lane SIMD; reference
// src/engine/cpu/crossentropy.ts (target −1 or outside [0, V): loss 0, no gradient, probs written).
import { expShift } from './attention';
import { at, hmax, ldf, ldi, stf } from './mem';

/** Largest of len floats at p (−∞ for len 0; NaN if any is NaN). */
@inline export function rowMax(p: usize, len: i32): f32 {
  const l4 = len & ~3;
  let mv = f32x4.splat(-Infinity);
  for (let j = 0; j < l4; j += 4) mv = f32x4.max(mv, v128.load(at(p, j)));
  let m = hmax(mv);
  for (let j = l4; j < len; j++) m = max(m, ldf(p, j));
  return m;
}

export function crossentropyForward(losses: usize, probs: usize, logits: usize, targets: usize, N: i32, V: i32): void {
  for (let n = 0; n < N; n++) {
    const l = at(logits, n * V), p = at(probs, n * V);
    const m = rowMax(l, V);
    const sum = expShift(p, l, V, m);
    const V4 = V & ~3;
    const sv = f32x4.splat(sum);
    for (let j = 0; j < V4; j += 4) v128.store(at(p, j), f32x4.div(v128.load(at(p, j)), sv));
    for (let j = V4; j < V; j++) stf(p, j, ldf(p, j) / sum);
    const t = ldi(targets, n);
    // log-sum-exp form: exact even where probs[t] underflows to 0
    stf(losses, n, t >= 0 && t < V ? <f32>(Math.log(<f64>sum) + <f64>m - <f64>ldf(l, t)) : 0);
  }
}

/** dlogits (N,V) += dlosses[n]·(probs − onehot(target)); ignored rows get nothing. */
export function crossentropyBackward(dlogits: usize, dlosses: usize, probs: usize, targets: usize, N: i32, V: i32): void {
  const V4 = V & ~3;
  for (let n = 0; n < N; n++) {
    const t = ldi(targets, n);
    if (!(t >= 0 && t < V)) continue;
    const d = at(dlogits, n * V), p = at(probs, n * V);
    const g = ldf(dlosses, n);
    const gv = f32x4.splat(g);
    for (let j = 0; j < V4; j += 4) v128.store(at(d, j), f32x4.add(v128.load(at(d, j)), f32x4.mul(gv, v128.load(at(p, j)))));
    for (let j = V4; j < V; j++) stf(d, j, ldf(d, j) + g * ldf(p, j));
    stf(d, t, ldf(d, t) - g);
  }
}
