import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { LAYERNORM_EPS, layernormBackward, layernormForward } from './layernorm';
import { dot, maxGradError, numericGrad, toF64 } from './testing/finite-diff';

function forward(inp: Float64Array, weight: Float64Array, bias: Float64Array, N: number, C: number) {
  const out = new Float64Array(N * C), mean = new Float64Array(N), rstd = new Float64Array(N);
  layernormForward(out, mean, rstd, inp, weight, bias, N, C);
  return { out, mean, rstd };
}

describe('layernorm (CPU reference)', () => {
  it('normalises a hand-computed row', () => {
    const { out, mean, rstd } = forward(Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 1, 1, 1]), new Float64Array(4), 1, 4);
    expect(mean[0]).toBe(2.5);
    const r = 1 / Math.sqrt(1.25 + 1e-5); // var = (2.25 + 0.25 + 0.25 + 2.25) / 4
    expect(rstd[0]).toBeCloseTo(r, 12);
    expect([...out].map((y) => y / r)).toEqual([-1.5, -0.5, 0.5, 1.5].map((y) => expect.closeTo(y, 12)));
  });

  it('applies weight and bias, and gives rows of mean 0 and variance var/(var+eps) before them', () => {
    const N = 4, C = 9;
    const rng = new Rng(1);
    const inp = toF64(rng.normalArray(N * C, 3, 2));
    const one = forward(inp, new Float64Array(C).fill(1), new Float64Array(C), N, C);
    for (let n = 0; n < N; n++) {
      const row = one.out.slice(n * C, (n + 1) * C);
      const m = row.reduce((s, y) => s + y, 0) / C;
      const v = row.reduce((s, y) => s + (y - m) ** 2, 0) / C;
      const rawVar = 1 / one.rstd[n] ** 2 - LAYERNORM_EPS;
      expect(m).toBeCloseTo(0, 12);
      expect(v).toBeCloseTo(rawVar / (rawVar + LAYERNORM_EPS), 10);
    }
    const weight = toF64(rng.normalArray(C)), bias = toF64(rng.normalArray(C));
    const wb = forward(inp, weight, bias, N, C);
    for (let i = 0; i < N * C; i++) expect(wb.out[i]).toBeCloseTo(one.out[i] * weight[i % C] + bias[i % C], 12);
  });

  it('maps a constant row to the bias with finite gradients (variance 0, no NaN)', () => {
    const C = 6;
    const inp = new Float64Array(C).fill(-3.7);
    const weight = toF64(new Rng(2).normalArray(C)), bias = toF64(new Rng(3).normalArray(C));
    const { out, mean, rstd } = forward(inp, weight, bias, 1, C);
    [...out].forEach((y, c) => expect(y).toBeCloseTo(bias[c], 12)); // float64 mean of −3.7s is off by ~1 ulp
    expect(rstd[0]).toBeCloseTo(1 / Math.sqrt(LAYERNORM_EPS), 8);
    const dinp = new Float64Array(C), dw = new Float64Array(C), db = new Float64Array(C);
    layernormBackward(dinp, dw, db, Float64Array.from(weight), inp, weight, mean, rstd, 1, C);
    expect([...dinp, ...dw, ...db].every(Number.isFinite)).toBe(true);
  });

  for (const [N, C, std, label] of [[3, 7, 1, 'random'], [2, 5, 50, '±50 inputs'], [1, 1, 1, 'N=1 C=1'], [5, 64, 2, 'C=64']] as const) {
    it(`backward matches central finite differences (float64): ${label}, N=${N} C=${C}`, () => {
      const rng = new Rng(N * 100 + C);
      const inp = toF64(rng.normalArray(N * C, std)), weight = toF64(rng.normalArray(C, 1, 1)), bias = toF64(rng.normalArray(C));
      const w = toF64(rng.normalArray(N * C));
      const loss = () => dot(w, forward(inp, weight, bias, N, C).out);
      const { mean, rstd } = forward(inp, weight, bias, N, C);
      const dinp = new Float64Array(N * C), dweight = new Float64Array(C), dbias = new Float64Array(C);
      layernormBackward(dinp, dweight, dbias, w, inp, weight, mean, rstd, N, C);
      // h scaled with the input so the float64 rounding error stays ~1e-10 for ±50 rows too.
      expect(maxGradError(dinp, numericGrad(loss, inp, 1e-5 * std))).toBeLessThan(1e-6);
      expect(maxGradError(dweight, numericGrad(loss, weight))).toBeLessThan(1e-6);
      expect(maxGradError(dbias, numericGrad(loss, bias))).toBeLessThan(1e-6);
    });
  }

  it('backward accumulates (+=)', () => {
    const N = 2, C = 3;
    const rng = new Rng(9);
    const inp = toF64(rng.normalArray(N * C)), weight = toF64(rng.normalArray(C)), dout = toF64(rng.normalArray(N * C));
    const { mean, rstd } = forward(inp, weight, new Float64Array(C), N, C);
    const g = [new Float64Array(N * C), new Float64Array(C), new Float64Array(C)];
    layernormBackward(g[0], g[1], g[2], dout, inp, weight, mean, rstd, N, C);
    const once = g.map((a) => Float64Array.from(a));
    layernormBackward(g[0], g[1], g[2], dout, inp, weight, mean, rstd, N, C);
    for (let k = 0; k < 3; k++) for (let i = 0; i < g[k].length; i++) expect(g[k][i]).toBeCloseTo(2 * once[k][i], 12);
  });
});
