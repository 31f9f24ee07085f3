// GELU (tanh approximation, GPT-2) in float32 with four-lane SIMD; reference src/engine/cpu/gelu.ts.
import { tanh4 } from './fast-math';
import { at } from './mem';

const K: f32 = 0.7978845608028654; // √(2/π)
const A: f32 = 0.044715;

/**
 * x clamped to ±20 for u and gelu's derivative terms: beyond it tanh(u) is 1 in float32 (u > 300),
 * and x³ or 3·0.044715·x² would overflow for |x| ≳ 1e13 and turn 0·∞ into NaN. NaN stays NaN.
 */
@inline function clampX(x: v128): v128 {
  return f32x4.min(f32x4.max(x, f32x4.splat(-20)), f32x4.splat(20));
}

/** u = √(2/π)·(x + 0.044715·x³), with x clamped. */
@inline function inner(x: v128): v128 {
  const xc = clampX(x);
  return f32x4.mul(f32x4.splat(K), f32x4.add(xc, f32x4.mul(f32x4.splat(A), f32x4.mul(f32x4.mul(xc, xc), xc))));
}

/** Loads lanes [i, i+4) of p, with lanes at or past n set to 0 (the tail of an array). */
@inline export function loadTail(p: usize, i: i32, n: i32): v128 {
  let v = f32x4.splat(0);
  if (i < n) v = f32x4.replace_lane(v, 0, load<f32>(at(p, i)));
  if (i + 1 < n) v = f32x4.replace_lane(v, 1, load<f32>(at(p, i + 1)));
  if (i + 2 < n) v = f32x4.replace_lane(v, 2, load<f32>(at(p, i + 2)));
  return v;
}
/** Stores lanes of v to [i, n) of p (at most 3). */
@inline export function storeTail(p: usize, i: i32, n: i32, v: v128): void {
  if (i < n) store<f32>(at(p, i), f32x4.extract_lane(v, 0));
  if (i + 1 < n) store<f32>(at(p, i + 1), f32x4.extract_lane(v, 1));
  if (i + 2 < n) store<f32>(at(p, i + 2), f32x4.extract_lane(v, 2));
}

@inline function geluOf(x: v128): v128 {
  return f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), f32x4.add(f32x4.splat(1), tanh4(inner(x))));
}

export function geluForward(out: usize, inp: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(at(out, i), geluOf(v128.load(at(inp, i))));
  if (n4 < n) storeTail(out, n4, n, geluOf(loadTail(inp, n4, n)));
}

/** dinp += dout·gelu'(x), gelu'(x) = ½(1 + tanh u) + ½·x·(1 − tanh² u)·√(2/π)·(1 + 3·0.044715·x²). */
@inline function geluGrad(x: v128): v128 {
  const t = tanh4(inner(x));
  const sech2 = f32x4.sub(f32x4.splat(1), f32x4.mul(t, t));
  const xc = clampX(x);
  const du = f32x4.mul(f32x4.splat(K), f32x4.add(f32x4.splat(1), f32x4.mul(f32x4.splat(3 * A), f32x4.mul(xc, xc))));
  return f32x4.add(f32x4.mul(f32x4.splat(0.5), f32x4.add(f32x4.splat(1), t)), f32x4.mul(f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), sech2), du));
}

export function geluBackward(dinp: usize, inp: usize, dout: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const p = at(dinp, i);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(geluGrad(v128.load(at(inp, i))), v128.load(at(dout, i)))));
  }
  if (n4 < n) storeTail(dinp, n4, n, f32x4.add(loadTail(dinp, n4, n), f32x4.mul(geluGrad(loadTail(inp, n4, n)), loadTail(dout, n4, n))));
}
