// AdamW with bias correction and global-norm clipping; reference src/engine/cpu/adamw.ts. Written
// with the reference's float64 operations in the reference's order (two parameters per f64x2), so
// the result equals it bit for bit: it is memory-bound, float64 costs nothing here.
import { at, ldd, stf } from './mem';

/** Σ grads[i]² in float64, sequentially (the reference's order). */
export function gradNormSquared(grads: usize, n: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) { const g = ldd(grads, i); s += g * g; }
  return s;
}

@inline function ld2(p: usize, i: i32): v128 { return f64x2.promote_low_f32x4(v128.load64_zero(at(p, i))); }
@inline function st2(p: usize, i: i32, v: v128): void { v128.store64_lane(at(p, i), f32x4.demote_f64x2_zero(v), 0); }

/** bc1 = 1 − β1^t, bc2 = 1 − β2^t and scale = the clipping factor, computed by the caller as in the reference. */
export function adamwUpdate(params: usize, grads: usize, m: usize, v: usize, n: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, bc1: f64, bc2: f64, scale: f64): void {
  const b1 = f64x2.splat(beta1), b2 = f64x2.splat(beta2), ob1 = f64x2.splat(1 - beta1), ob2 = f64x2.splat(1 - beta2);
  const sc = f64x2.splat(scale), c1 = f64x2.splat(bc1), c2 = f64x2.splat(bc2), ep = f64x2.splat(eps), wd = f64x2.splat(weightDecay), lrv = f64x2.splat(lr);
  const n2 = n & ~1;
  for (let i = 0; i < n2; i += 2) {
    const g = f64x2.mul(ld2(grads, i), sc);
    const mi = f64x2.add(f64x2.mul(b1, ld2(m, i)), f64x2.mul(ob1, g));
    const vi = f64x2.add(f64x2.mul(b2, ld2(v, i)), f64x2.mul(f64x2.mul(ob2, g), g));
    st2(m, i, mi);
    st2(v, i, vi);
    const p = ld2(params, i);
    const step = f64x2.add(f64x2.div(f64x2.div(mi, c1), f64x2.add(f64x2.sqrt(f64x2.div(vi, c2)), ep)), f64x2.mul(wd, p));
    st2(params, i, f64x2.sub(p, f64x2.mul(lrv, step)));
  }
  for (let i = n2; i < n; i++) {
    const g = ldd(grads, i) * scale;
    const mi = beta1 * ldd(m, i) + (1 - beta1) * g;
    const vi = beta2 * ldd(v, i) + (1 - beta2) * g * g;
    stf(m, i, <f32>mi);
    stf(v, i, <f32>vi);
    const p = ldd(params, i);
    stf(params, i, <f32>(p - lr * (mi / bc1 / (Math.sqrt(vi / bc2) + eps) + weightDecay * p)));
  }
}
