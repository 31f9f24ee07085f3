import { describe, expect, it } from 'vitest';
import { matmulBackwardFast, matmulForwardFast } from '../cpu/matmul-fast';
import { matmulBackward, matmulForward } from '../cpu/matmul';
import { Rng } from '../tensor/rng';
import { WasmKernels } from './kernels';
import { bitDiffs, put, violations } from './testing/arena-copy';

// The wasm linear layer against the TypeScript references, forward and both backward products.
// - exact (float64, two lanes): equal to cpu/matmul-fast.ts bit for bit, on every shape and input.
// - float32 (four lanes): within the classical bound of a float32 dot product (Higham, "Accuracy and
//   Stability of Numerical Algorithms", eq. 3.5): |fl(Σ x y) − Σ x y| ≤ γ_n Σ|x y|, γ_n = n·u/(1 − n·u),
//   u = 2⁻²⁴, with n = K + 2 (K products, one add of the bias or earlier gradient, the reference's own
//   rounding), Σ|x y| computed by running the reference on |inputs| — as the WGSL kernel's test does.
const k = WasmKernels.create();
const U = 2 ** -24;
const gamma = (n: number) => (n * U) / (1 - n * U);
const abs = (x: Float32Array) => x.map(Math.abs);

interface Case { N: number; C: number; OC: number; bias: boolean }
// Odd sizes around the 4×8 / 4×4 tiles, N = 1 (one decode row), OC = 1 (value head), C = 1, the
// model's shapes (C = 48 → 144, 192 → 48, the tied LM head OC = 52) and small's (C = 128 → 512).
const CASES: Case[] = [
  { N: 1, C: 1, OC: 1, bias: true }, { N: 1, C: 48, OC: 52, bias: false }, { N: 3, C: 7, OC: 5, bias: true },
  { N: 5, C: 9, OC: 13, bias: false }, { N: 17, C: 48, OC: 144, bias: true }, { N: 64, C: 48, OC: 52, bias: false },
  { N: 33, C: 192, OC: 48, bias: true }, { N: 30, C: 48, OC: 1, bias: true }, { N: 9, C: 128, OC: 512, bias: true },
  { N: 4, C: 8, OC: 8, bias: true }, { N: 7, C: 3, OC: 11, bias: false },
];

function inputs(seed: number, { N, C, OC }: Case, scale = 1) {
  const r = new Rng(seed);
  return {
    inp: r.normalArray(N * C, scale), w: r.normalArray(OC * C, scale), b: r.normalArray(OC, scale), dout: r.normalArray(N * OC, scale),
    dinp0: r.normalArray(N * C), dw0: r.normalArray(OC * C), db0: r.normalArray(OC), // backward adds to these
  };
}
type Inputs = ReturnType<typeof inputs>;

function wasm(x: Inputs, { N, C, OC, bias }: Case, exact: boolean) {
  const out = put(k, new Float32Array(N * OC).fill(777)); // every element must be written
  const inp = put(k, x.inp), w = put(k, x.w), b = bias ? put(k, x.b) : null, dout = put(k, x.dout);
  const dinp = put(k, x.dinp0), dw = put(k, x.dw0), db = bias ? put(k, x.db0) : null;
  expect(k.matmulForward(out, inp, w, b, N, C, OC, exact)).toBe(true);
  expect(k.matmulBackward(dinp, dw, db, dout, inp, w, N, C, OC, exact)).toBe(true);
  const r = { out: out.slice(), dinp: dinp.slice(), dw: dw.slice(), db: db ? db.slice() : new Float32Array(0) };
  for (const t of [out, inp, w, b, dout, dinp, dw, db]) if (t) k.arena.release(t);
  return r;
}

function reference(x: Inputs, { N, C, OC, bias }: Case, fast: boolean, absolute = false) {
  const f = absolute ? abs : (a: Float32Array) => a;
  const out = new Float32Array(N * OC), dinp = f(x.dinp0).slice(), dw = f(x.dw0).slice(), db = bias ? f(x.db0).slice() : null;
  (fast ? matmulForwardFast : matmulForward)(out, f(x.inp), f(x.w), bias ? f(x.b) : null, N, C, OC);
  (fast ? matmulBackwardFast : matmulBackward)(dinp, dw, db, f(x.dout), f(x.inp), f(x.w), N, C, OC);
  return { out, dinp, dw, db: db ?? new Float32Array(0) };
}

describe('wasm matmul, exact (float64): bit-identical to cpu/matmul-fast.ts', () => {
  for (const c of CASES) {
    it(`N=${c.N} C=${c.C} OC=${c.OC}${c.bias ? '' : ' no bias'}`, () => {
      const x = inputs(c.N * 131 + c.C * 7 + c.OC, c);
      const got = wasm(x, c, true), want = reference(x, c, true);
      for (const key of ['out', 'dinp', 'dw', 'db'] as const) expect(bitDiffs(got[key], want[key]), key).toBe(0);
    });
  }
  it('cancelling terms (±2^70 products, so the float64 sums absorb what comes between): still bit-identical — the reference’s summation order', () => {
    // For every output the first two products are +2^70 and −2^70 (and for dW the first two rows'),
    // so the result depends on the order: the bias or a term added while a partial sum is ±2^70 is
    // absorbed. Another order (e.g. the bias added last, or k reversed) gives other bits.
    const c: Case = { N: 9, C: 37, OC: 13, bias: true };
    const x = inputs(21, c);
    const big = 2 ** 35;
    for (let n = 0; n < c.N; n++) { x.inp[n * c.C] = big; x.inp[n * c.C + 1] = big; }
    for (let o = 0; o < c.OC; o++) { x.w[o * c.C] = big; x.w[o * c.C + 1] = -big; x.dout[o] = big; x.dout[c.OC + o] = -big; }
    const got = wasm(x, c, true), want = reference(x, c, true);
    for (const key of ['out', 'dinp', 'dw', 'db'] as const) expect(bitDiffs(got[key], want[key]), key).toBe(0);
    const biasLast = new Float32Array(c.N * c.OC);
    for (let n = 0; n < c.N; n++) for (let o = 0; o < c.OC; o++) {
      let a = 0;
      for (let k = 0; k < c.C; k++) a += x.inp[n * c.C + k] * x.w[o * c.C + k];
      biasLast[n * c.OC + o] = a + x.b[o];
    }
    expect(bitDiffs(biasLast, want.out)).toBeGreaterThan(0); // what makes this a test of the order
  });
  it('extreme magnitudes (±1e30, 1e-30, subnormal products) and NaN / ∞ propagate the same way', () => {
    const c: Case = { N: 6, C: 10, OC: 9, bias: true };
    const x = inputs(5, c);
    x.inp[0] = 1e30; x.inp[11] = -1e30; x.w[3] = 1e-30; x.w[4] = 3e-39; x.inp[25] = NaN; x.w[40] = Infinity; x.dout[7] = 1e38; x.dout[8] = -1e38;
    const got = wasm(x, c, true), want = reference(x, c, true);
    for (const key of ['out', 'dinp', 'dw', 'db'] as const) expect(bitDiffs(got[key], want[key]), key).toBe(0);
  });
});

describe('wasm matmul, float32: within the float32 dot-product bound of the float64 reference', () => {
  for (const c of CASES) {
    for (const scale of [1, 1e3]) {
      it(`N=${c.N} C=${c.C} OC=${c.OC}${c.bias ? '' : ' no bias'}, inputs ×${scale}`, () => {
        const x = inputs(c.N * 17 + c.C * 5 + c.OC + scale, c, scale);
        const got = wasm(x, c, false), want = reference(x, c, false), mag = reference(x, c, false, true);
        const K = { out: c.C, dinp: c.OC, dw: c.N, db: c.N };
        for (const key of ['out', 'dinp', 'dw', 'db'] as const) {
          expect(violations(key, got[key], want[key], (i) => gamma(K[key] + 2) * mag[key][i] + 1e-35), key).toBe(0);
        }
      });
    }
  }
  it('does not depend on the row split (rows computed in separate calls give the same bits)', () => {
    const c: Case = { N: 23, C: 48, OC: 52, bias: true };
    const x = inputs(9, c);
    const inp = put(k, x.inp), w = put(k, x.w), b = put(k, x.b), wt = k.arena.floats(c.C * c.OC);
    const whole = k.arena.floats(c.N * c.OC), parts = k.arena.floats(c.N * c.OC);
    k.x.transpose(wt.byteOffset, w.byteOffset, c.C, c.OC);
    k.x.matmulForwardRows(whole.byteOffset, inp.byteOffset, wt.byteOffset, b.byteOffset, c.N, c.C, c.OC, 0, c.N);
    for (const [n0, n1] of [[0, 5], [5, 6], [6, 13], [13, 23]]) k.x.matmulForwardRows(parts.byteOffset, inp.byteOffset, wt.byteOffset, b.byteOffset, c.N, c.C, c.OC, n0, n1);
    expect(bitDiffs(whole, parts)).toBe(0);
  });
});

describe('wasm matmul wrappers', () => {
  it('refuse (return false) tensors outside their memory, so the engine runs the TypeScript op', () => {
    const outside = new Float32Array(12);
    expect(k.matmulForward(put(k, new Float32Array(4)), outside, put(k, new Float32Array(12)), null, 2, 6, 2, false)).toBe(false);
  });
  it('throw a clear error for a tensor too small for the sizes', () => {
    expect(() => k.matmulForward(put(k, new Float32Array(4)), put(k, new Float32Array(11)), put(k, new Float32Array(12)), null, 2, 6, 2, false)).toThrow(/matmulForward inp: needs 12 elements/);
  });
});
