import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { matmulBackward, matmulForward } from './matmul';

const f64 = (a: ArrayLike<number>) => Float64Array.from(a);
const randn = (r: Rng, n: number) => f64(r.normalArray(n));

/** L = Σ w ⊙ out, so ∂L/∂out = w: a scalar whose gradient the backward pass must reproduce. */
function loss(inp: Float64Array, weight: Float64Array, bias: Float64Array | null, w: Float64Array, N: number, C: number, OC: number): number {
  const out = new Float64Array(N * OC);
  matmulForward(out, inp, weight, bias, N, C, OC);
  return out.reduce((s, y, i) => s + y * w[i], 0);
}

/** Central differences of `f` with respect to every element of `x` (perturbed in place), float64. */
function numericGrad(x: Float64Array, f: () => number, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    x[i] = x0 + h;
    const up = f();
    x[i] = x0 - h;
    const down = f();
    x[i] = x0;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('matmul (CPU reference)', () => {
  it('matches a hand-computed 2×3 · (2×3)ᵀ + b', () => {
    // inp = [[1,2,3],[4,5,6]], W = [[1,0,-1],[2,1,0]], b = [0.5, -1]
    // row 0: [1−3, 2+2] + b = [−1.5, 3];  row 1: [4−6, 8+5] + b = [−1.5, 12]
    const out = new Float32Array(4);
    matmulForward(out, new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([1, 0, -1, 2, 1, 0]), new Float32Array([0.5, -1]), 2, 3, 2);
    expect([...out]).toEqual([-1.5, 3, -1.5, 12]);
    matmulForward(out, new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([1, 0, -1, 2, 1, 0]), null, 2, 3, 2);
    expect([...out]).toEqual([-2, 4, -2, 13]);
  });

  it('backward matches hand-computed gradients and accumulates', () => {
    // N=2, C=2, OC=1: out[n] = inp[n]·W + b.  dout = [1, 2]
    // dinp = dout ⊗ W = [[3, 4], [6, 8]] (+1 already there);  dW = Σ dout[n]·inp[n] = [1+6, 2+8];  db = 3
    const dinp = new Float32Array([1, 1, 1, 1]), dw = new Float32Array([0, 0]), db = new Float32Array([10]);
    matmulBackward(dinp, dw, db, new Float32Array([1, 2]), new Float32Array([1, 2, 3, 4]), new Float32Array([3, 4]), 2, 2, 1);
    expect([...dinp]).toEqual([4, 5, 7, 9]);
    expect([...dw]).toEqual([7, 10]);
    expect([...db]).toEqual([13]);
  });

  for (const [N, C, OC] of [[3, 4, 5], [1, 1, 1], [4, 6, 1], [2, 3, 7]]) {
    for (const withBias of [true, false]) {
      it(`backward = central differences of Σ w·out (N=${N} C=${C} OC=${OC}, ${withBias ? 'bias' : 'no bias'})`, () => {
        const r = new Rng(N * 100 + C * 10 + OC);
        const inp = randn(r, N * C), weight = randn(r, OC * C), bias = withBias ? randn(r, OC) : null;
        const w = randn(r, N * OC);
        const L = () => loss(inp, weight, bias, w, N, C, OC);
        const g0 = randn(r, N * C), gw0 = randn(r, OC * C), gb0 = randn(r, OC); // accumulate onto these
        const dinp = g0.slice(), dweight = gw0.slice(), dbias = gb0.slice();
        matmulBackward(dinp, dweight, withBias ? dbias : null, w, inp, weight, N, C, OC);
        // The loss is linear in each argument, so central differences are exact up to rounding.
        expect(maxDiff(dinp.map((g, i) => g - g0[i]), numericGrad(inp, L))).toBeLessThan(1e-8);
        expect(maxDiff(dweight.map((g, i) => g - gw0[i]), numericGrad(weight, L))).toBeLessThan(1e-8);
        if (bias) expect(maxDiff(dbias.map((g, i) => g - gb0[i]), numericGrad(bias, L))).toBeLessThan(1e-8);
        else expect(dbias).toEqual(gb0);
      });
    }
  }

  it('forward overwrites its output; backward twice doubles the increment', () => {
    const r = new Rng(3);
    const N = 3, C = 4, OC = 2;
    const inp = r.normalArray(N * C), weight = r.normalArray(OC * C), dout = r.normalArray(N * OC);
    const a = new Float32Array(N * OC).fill(99), b = new Float32Array(N * OC);
    matmulForward(a, inp, weight, null, N, C, OC);
    matmulForward(b, inp, weight, null, N, C, OC);
    expect(a).toEqual(b);
    const once = new Float64Array(OC * C), twice = new Float64Array(OC * C);
    matmulBackward(new Float64Array(N * C), once, null, dout, inp, weight, N, C, OC);
    matmulBackward(new Float64Array(N * C), twice, null, dout, inp, weight, N, C, OC);
    matmulBackward(new Float64Array(N * C), twice, null, dout, inp, weight, N, C, OC);
    expect(maxDiff(twice, once.map((x) => 2 * x))).toBeLessThan(1e-12);
  });
});
