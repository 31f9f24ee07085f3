// GELU (tanh approximation, GPT-2) in float32 with four-lane SIMD; reference src/engine/cpu/gelu.ts.
// Written with the logistic function: ½(1 + tanh u) = σ(2u) = 1 / (1 + e^(−2u)), one exp and one
// division per lane (tanh would take a second division), and ½·x·sech²(u) = 2·x·σ(2u)·(1 − σ(2u)).
import { exp4 } from './fast-math';
import { at } from './mem';

const K: f32 = 0.7978845608028654; // √(2/π)
const A: f32 = 0.044715;

/**
 * x clamped to ±20 for u and gelu's derivative terms: beyond it tanh(u) is 1 in float32 (u > 300),
 * and x³ or 3·0.044715·x² would overflow for |x| ≳ 1e13 and turn 0·∞ into NaN. NaN stays NaN.
 */
@inline function clampX(x: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, f32x4.splat(-20)), f32x4.splat(20)); // x first: a NaN x stays NaN (see exp4)
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

/** σ(2u) = ½(1 + tanh u); exactly 0 where e^(−2u) would exceed float32 (u < −43.5, x ≲ −5), as tanh u = −1 there. */
@inline function half1PlusTanh(x: v128): v128 {
  const z = f32x4.mul(f32x4.splat(-2), inner(x));
  const s = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(z)));
  return v128.andnot(s, f32x4.gt(z, f32x4.splat(87)));
}

@inline function geluOf(x: v128): v128 {
  return f32x4.mul(x, half1PlusTanh(x));
}

// Four vectors per step: one GELU is a chain of ~30 dependent operations; interleaving four chains
// lets the CPU overlap them (1.5 instead of 2.4 ns per element here; the same operations per lane,
// so the same results as one vector at a time).
export function geluForward(out: usize, inp: usize, n: i32): void {
  const n16 = n & ~15, n4 = n & ~3;
  for (let i = 0; i < n16; i += 16) {
    const a = geluOf(v128.load(at(inp, i))), b = geluOf(v128.load(at(inp, i), 16));
    const c = geluOf(v128.load(at(inp, i), 32)), d = geluOf(v128.load(at(inp, i), 48));
    v128.store(at(out, i), a);
    v128.store(at(out, i), b, 16);
    v128.store(at(out, i), c, 32);
    v128.store(at(out, i), d, 48);
  }
  for (let i = n16; i < n4; i += 4) v128.store(at(out, i), geluOf(v128.load(at(inp, i))));
  if (n4 < n) storeTail(out, n4, n, geluOf(loadTail(inp, n4, n)));
}

/** gelu'(x) = ½(1 + tanh u) + ½·x·sech²(u)·du/dx = s + 2·x·s·(1 − s)·√(2/π)·(1 + 3·0.044715·x²), s = σ(2u). */
@inline function geluGrad(x: v128): v128 {
  const s = half1PlusTanh(x);
  const xc = clampX(x);
  const du = f32x4.mul(f32x4.splat(K), f32x4.add(f32x4.splat(1), f32x4.mul(f32x4.splat(3 * A), f32x4.mul(xc, xc))));
  const sech2Half = f32x4.mul(f32x4.mul(f32x4.splat(2), s), f32x4.sub(f32x4.splat(1), s)); // ½·sech²(u)
  return f32x4.add(s, f32x4.mul(f32x4.mul(x, sech2Half), du));
}

export function geluBackward(dinp: usize, inp: usize, dout: usize, n: i32): void {
  const n16 = n & ~15, n4 = n & ~3;
  for (let i = 0; i < n16; i += 16) {
    const p = at(dinp, i), x = at(inp, i), d = at(dout, i);
    const ga = geluGrad(v128.load(x)), gb = geluGrad(v128.load(x, 16)), gc = geluGrad(v128.load(x, 32)), gd = geluGrad(v128.load(x, 48));
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(ga, v128.load(d))));
    v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(gb, v128.load(d, 16))), 16);
    v128.store(p, f32x4.add(v128.load(p, 32), f32x4.mul(gc, v128.load(d, 32))), 32);
    v128.store(p, f32x4.add(v128.load(p, 48), f32x4.mul(gd, v128.load(d, 48))), 48);
  }
  for (let i = n16; i < n4; i += 4) {
    const p = at(dinp, i);
    v128.store(p, f32x4.add(v128.load(p), f32x4.mul(geluGrad(v128.load(at(inp, i))), v128.load(at(dout, i)))));
  }
  if (n4 < n) storeTail(dinp, n4, n, f32x4.add(loadTail(dinp, n4, n), f32x4.mul(geluGrad(loadTail(inp, n4, n)), loadTail(dout, n4, n))));
}

/** Elements [i0, i1) of geluForward (one thread's share). */
export function geluForwardRange(out: usize, inp: usize, n: i32, i0: i32, i1: i32): void {
  geluForward(at(out, i0), at(inp, i0), min(i1, n) - i0);
}

/** Elements [i0, i1) of geluBackward (one thread's share). */
export function geluBackwardRange(dinp: usize, inp: usize, dout: usize, n: i32, i0: i32, i1: i32): void {
  geluBackward(at(dinp, i0), at(inp, i0), at(dout, i0), min(i1, n) - i0);
}
