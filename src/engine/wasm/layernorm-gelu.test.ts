import { describe, expect, it } from 'vitest';
import { geluBackward, geluForward } from '../cpu/gelu';
import { layernormBackward, layernormForward } from '../cpu/layernorm';
import { residualBackward, residualForward } from '../cpu/residual';
import { maxScaledDiff } from '../tensor/compare';
import { Rng } from '../tensor/rng';
import { WasmKernels } from './kernels';
import { bitDiffs, put } from './testing/arena-copy';

// Float32 wasm kernels against the float64 TypeScript references, held to the tolerance the WGSL
// kernels are (layernorm.gpu.test.ts, gelu.gpu.test.ts): 1e-5 in |wasm − ref| / max(1, |ref|) —
// float32 arithmetic over rows of ≤ 130 terms and a float32 tanh, against float64. For layernorm's
// dinp the scale is rstd·max|weight·dout| (its rounding errors grow with rstd: a constant row has
// rstd = 1/√eps). Residual is exact: a float32 add rounded once equals the float64 add rounded.
const k = WasmKernels.create();
const TOL = 1e-5;

function layernormCase(N: number, C: number, inp: Float32Array, seed: number) {
  const r = new Rng(seed);
  const weight = r.normalArray(C, 0.5, 1), bias = r.normalArray(C), dout = r.normalArray(N * C);
  const g0 = [r.normalArray(N * C), r.normalArray(C), r.normalArray(C)];
  const want = { out: new Float32Array(N * C), mean: new Float32Array(N), rstd: new Float32Array(N), dinp: g0[0].slice(), dweight: g0[1].slice(), dbias: g0[2].slice() };
  layernormForward(want.out, want.mean, want.rstd, inp, weight, bias, N, C);
  layernormBackward(want.dinp, want.dweight, want.dbias, dout, inp, weight, want.mean, want.rstd, N, C);
  const t = { out: put(k, new Float32Array(N * C).fill(9)), mean: put(k, new Float32Array(N)), rstd: put(k, new Float32Array(N)), dinp: put(k, g0[0]), dweight: put(k, g0[1]), dbias: put(k, g0[2]) };
  const ti = put(k, inp), tw = put(k, weight), tb = put(k, bias), td = put(k, dout);
  expect(k.layernormForward(t.out, t.mean, t.rstd, ti, tw, tb, N, C)).toBe(true);
  expect(k.layernormBackward(t.dinp, t.dweight, t.dbias, td, ti, tw, t.mean, t.rstd, N, C)).toBe(true);
  for (const key of ['out', 'mean', 'rstd', 'dweight', 'dbias'] as const) expect(maxScaledDiff(t[key], want[key]), key).toBeLessThan(TOL);
  let worst = 0;
  for (let n = 0; n < N; n++) {
    let g = 0;
    for (let c = 0; c < C; c++) g = Math.max(g, Math.abs(weight[c] * dout[n * C + c]));
    for (let c = 0; c < C; c++) {
      const i = n * C + c;
      worst = Math.max(worst, Number.isNaN(t.dinp[i]) ? Infinity : Math.abs(t.dinp[i] - want.dinp[i]) / Math.max(1, Math.abs(want.dinp[i]), want.rstd[n] * g));
    }
  }
  expect(worst, 'dinp').toBeLessThan(TOL);
  return t;
}

describe('wasm layernorm (float32) vs cpu/layernorm.ts', () => {
  for (const [N, C] of [[1, 1], [1, 7], [5, 48], [3, 65], [7, 130], [64, 48], [131, 3]] as const) {
    it(`N=${N} C=${C}, random rows`, () => { layernormCase(N, C, new Rng(N * 1000 + C).normalArray(N * C, 2, 0.5), N + C); });
  }
  it('constant rows (variance 0: out = bias, rstd = 1/√eps) and rows of ±1e4', () => {
    const C = 33, inp = new Float32Array(4 * C);
    inp.fill(3.25, 0, C);
    for (let c = 0; c < C; c++) { inp[C + c] = c % 2 ? 1e4 : -1e4; inp[2 * C + c] = 1e-3 * c; inp[3 * C + c] = -7; }
    const t = layernormCase(4, C, inp, 4);
    expect(t.out.every(Number.isFinite) && t.dinp.every(Number.isFinite)).toBe(true);
  });
});

describe('wasm gelu (float32) vs cpu/gelu.ts', () => {
  function check(x: Float32Array, seed: number) {
    const n = x.length, r = new Rng(seed), dout = r.normalArray(n), dinp0 = r.normalArray(n);
    const out = new Float32Array(n), dinp = dinp0.slice();
    geluForward(out, x, n);
    geluBackward(dinp, x, dout, n);
    const tOut = put(k, new Float32Array(n).fill(5)), tDinp = put(k, dinp0), tx = put(k, x);
    expect(k.geluForward(tOut, tx, n)).toBe(true);
    expect(k.geluBackward(tDinp, tx, put(k, dout), n)).toBe(true);
    expect(maxScaledDiff(tOut, out), 'forward').toBeLessThan(TOL);
    expect(maxScaledDiff(tDinp, dinp), 'backward').toBeLessThan(TOL);
    return { out: tOut, dinp: tDinp };
  }
  for (const [n, std] of [[1, 1], [3, 1], [257, 1], [1000, 3], [5001, 50]] as const) {
    it(`n=${n}, inputs N(0, ${std}²) (n not a multiple of 4 covers the tail)`, () => { check(new Rng(n).normalArray(n, std), n + 1); });
  }
  it('±50 and beyond saturate without NaN or ∞; NaN in gives NaN out', () => {
    const x = Float32Array.from([50, -50, 10, -10, 9.5, -9.5, 30, -30, 1e4, -1e4, 1e13, -1e13, 3e38, -3e38, 0, -0]);
    const { out, dinp } = check(x, 3);
    expect([...out, ...dinp].every(Number.isFinite)).toBe(true);
    const o = put(k, new Float32Array(2));
    k.geluForward(o, put(k, [NaN, 1]), 2);
    expect(o[0]).toBeNaN();
  });
});

describe('wasm gelu: the same bits whatever the split', () => {
  it('whole arrays (four vectors per step) = ranges of 4, 5 and 3 elements (one vector, or the tail) — as threads split it', () => {
    const n = 1003, x = put(k, new Rng(5).normalArray(n, 4)), dout = put(k, new Rng(6).normalArray(n));
    const whole = k.arena.floats(n), parts = k.arena.floats(n), dWhole = k.arena.floats(n), dParts = k.arena.floats(n);
    k.x.geluForwardRange(whole.byteOffset, x.byteOffset, n, 0, n);
    k.x.geluBackwardRange(dWhole.byteOffset, x.byteOffset, dout.byteOffset, n, 0, n);
    for (let i = 0, step = 4; i < n; i += step, step = step === 4 ? 5 : step === 5 ? 3 : 4) {
      k.x.geluForwardRange(parts.byteOffset, x.byteOffset, n, i, Math.min(n, i + step));
      k.x.geluBackwardRange(dParts.byteOffset, x.byteOffset, dout.byteOffset, n, i, Math.min(n, i + step));
    }
    expect(bitDiffs(whole, parts)).toBe(0);
    expect(bitDiffs(dWhole, dParts)).toBe(0);
  });
});

describe('wasm residual = cpu/residual.ts bit for bit', () => {
  it('forward and accumulating backward, n = 1, 4, 1003, values from 1e-40 to 1e38', () => {
    for (const n of [1, 4, 1003]) {
      const r = new Rng(n), a = r.normalArray(n, 1e3), b = r.normalArray(n), d = r.normalArray(n, 1e-3);
      if (n > 3) { a[0] = 1e38; b[0] = 1e38; a[1] = 1e-40; b[1] = -3e-41; a[2] = 1; b[2] = 1e-8; }
      const out = new Float32Array(n), da = r.normalArray(n), db = r.normalArray(n);
      const tOut = put(k, out), tda = put(k, da), tdb = put(k, db);
      residualForward(out, a, b, n);
      residualBackward(da, db, d, n);
      expect(k.residualForward(tOut, put(k, a), put(k, b), n)).toBe(true);
      expect(k.residualBackward(tda, tdb, put(k, d), n)).toBe(true);
      expect(bitDiffs(tOut, out) + bitDiffs(tda, da) + bitDiffs(tdb, db)).toBe(0);
    }
  });
});
