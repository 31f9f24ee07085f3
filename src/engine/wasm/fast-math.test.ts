import { describe, expect, it } from 'vitest';
import { WasmKernels } from './kernels';
import { put } from './testing/arena-copy';

// The float32 exp and tanh of the fast kernels (assembly/fast-math.ts) against Math.exp / Math.tanh
// (float64). Bounds: exp within 4 ulp of float32 (relative 4·2⁻²³ ≈ 4.8e-7: range reduction with a
// two-part ln 2, a degree-6 polynomial on |r| ≤ ln2/2, and float32 rounding of each of its 6 steps);
// tanh within 2⁻²² absolute + 4 ulp relative (it is (1 − t)/(1 + t) with t = e^(−2|x|), whose
// cancellation for small |x| is absolute, not relative — the series below 1/16 restores relative).
const k = WasmKernels.create();
const ULP = 2 ** -23;

function run(fn: 'exp4Into' | 'tanh4Into', xs: number[]): Float32Array {
  const inp = put(k, Float32Array.from(xs)), out = k.arena.floats(xs.length);
  k.x[fn](out.byteOffset, inp.byteOffset, xs.length);
  return out.slice();
}

const grid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => Math.fround(lo + ((hi - lo) * i) / (n - 1)));

describe('wasm fast math', () => {
  it('exp over [−87, 0] (softmax arguments x − max) within 4 ulp', () => {
    const xs = [...grid(-87, 0, 20011), -1e-7, -1e-30, 0, -0];
    const got = run('exp4Into', xs);
    let worst = 0;
    xs.forEach((x, i) => { worst = Math.max(worst, Math.abs(got[i] - Math.exp(x)) / Math.exp(x)); });
    console.log(`exp4 worst relative error ${worst.toExponential(2)} (${(worst / ULP).toFixed(2)} ulp)`);
    expect(worst).toBeLessThanOrEqual(4 * ULP);
  });

  it('exp at the edges: 0 below the float32 range and at −∞, NaN stays NaN, tails of odd length', () => {
    const got = run('exp4Into', [-88, -1e4, -Infinity, -3.4e38, NaN, 1, 10, 88]);
    expect([...got.slice(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(got[4]).toBeNaN();
    for (const [i, x] of [[5, 1], [6, 10], [7, 88]]) expect(Math.abs(got[i] - Math.exp(x)) / Math.exp(x)).toBeLessThanOrEqual(4 * ULP);
  });

  it('tanh over [−12, 12], near 0 and saturated, within 2⁻²² + 4 ulp; odd; NaN stays NaN', () => {
    const xs = [...grid(-12, 12, 24001), ...grid(-0.07, 0.07, 1001), 1e-20, -1e-20, 50, -50, 1e4, -1e30, Infinity, -Infinity, 0];
    const got = run('tanh4Into', xs);
    let worst = 0;
    xs.forEach((x, i) => { worst = Math.max(worst, Math.abs(got[i] - Math.tanh(x)) - 4 * ULP * Math.abs(Math.tanh(x))); });
    console.log(`tanh4 worst |error| − 4 ulp·|tanh| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(2 ** -22);
    const neg = run('tanh4Into', xs.map((x) => -x));
    expect(xs.filter((_, i) => got[i] !== -neg[i])).toEqual([]); // odd, exactly
    expect(run('tanh4Into', [NaN, 1, 2])[0]).toBeNaN();
    // Near 0 the series keeps relative accuracy (gelu'(x) ≈ ½ + … relies on it only absolutely, but
    // a relative check shows the branch is taken).
    const small = run('tanh4Into', [1e-3, 3e-5]);
    expect(Math.abs(small[0] - Math.tanh(1e-3)) / Math.tanh(1e-3)).toBeLessThan(4 * ULP);
    expect(Math.abs(small[1] - Math.tanh(3e-5)) / Math.tanh(3e-5)).toBeLessThan(4 * ULP);
  });
});
