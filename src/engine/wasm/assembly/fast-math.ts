// Vector exp and tanh for the float32 kernels (four lanes at a time). The TypeScript reference ops
// call Math.exp / Math.tanh in float64; these are float32 approximations, accurate to a few ulp,
// and tested against Math.exp / Math.tanh over the whole input range (../kernels-math.test.ts).

// exp(x) = 2^n · e^r with n = round(x / ln 2), r = x − n·ln 2 (ln 2 split in two so that n·ln2_hi
// is exact), e^r by Cephes' degree-6 polynomial on |r| ≤ ln2/2 (S. Moshier, Cephes expf.c).
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
/** Below this, e^x is under the smallest normal float32: the result is 0. */
const EXP_LO: f32 = -87.33654;
/** Above this, 2^n would overflow the exponent; the kernels only ever take exp of x ≤ 0 (x − max). */
const EXP_HI: f32 = 88.0;

/** 1.5·2²³: adding it rounds a float32 of magnitude < 2²² to an integer, held in the low mantissa bits. */
const ROUND_MAGIC: f32 = 12582912.0;

/**
 * e^x per lane; 0 below −87.3 (and for −∞), NaN stays NaN. Meant for x ≤ 88.
 * Written for x86's SSE as V8 lowers wasm SIMD: pmin/pmax (one instruction each, unlike min/max,
 * whose NaN and ±0 rules take several) — with x as the first operand they keep a NaN x — and the
 * round-to-integer by the magic constant instead of nearest + trunc_sat (a long sequence on x64).
 */
@inline export function exp4(x: v128): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_LO)), f32x4.splat(EXP_HI));
  const t = f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E)), f32x4.splat(ROUND_MAGIC));
  const n = f32x4.sub(t, f32x4.splat(ROUND_MAGIC)); // round(x·log2 e) as a float
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2^n: the integer n (t's bits minus the magic's) into the exponent field; n ∈ [−126, 127] after
  // the clamp, so the result is normal. A NaN x gives garbage here, but y is NaN already.
  const ni = i32x4.sub(t, f32x4.splat(ROUND_MAGIC));
  const pow2n = i32x4.shl(i32x4.add(ni, i32x4.splat(127)), 23);
  const e = f32x4.mul(y, pow2n);
  // x < EXP_LO (including −∞) → 0; NaN compares false and keeps e (NaN).
  return v128.andnot(e, f32x4.lt(x, f32x4.splat(EXP_LO)));
}

/** e^x for one float32 (lane 0 of exp4). */
@inline export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

/**
 * tanh(x) per lane. For |x| ≥ 1/16: sign(x)·(1 − t)/(1 + t) with t = e^(−2|x|) ∈ (0, 1], which
 * saturates to ±1 cleanly; below, the series x − x³/3 + 2x⁵/15 − 17x⁷/315 (error < 2e-11 there),
 * where (1 − t) would lose relative precision. NaN stays NaN.
 */
@inline export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const t = exp4(f32x4.mul(ax, f32x4.splat(-2)));
  const big = f32x4.div(f32x4.sub(f32x4.splat(1), t), f32x4.add(f32x4.splat(1), t));
  const signBit = v128.and(x, i32x4.splat(0x80000000));
  const bigSigned = v128.or(big, signBit);
  const x2 = f32x4.mul(x, x);
  let s = f32x4.splat(-17.0 / 315.0);
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(2.0 / 15.0));
  s = f32x4.add(f32x4.mul(s, x2), f32x4.splat(-1.0 / 3.0));
  const small = f32x4.add(x, f32x4.mul(f32x4.mul(s, x2), x));
  return v128.bitselect(small, bigSigned, f32x4.lt(ax, f32x4.splat(0.0625)));
}
