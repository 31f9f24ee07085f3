import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { logprobsBackward, logprobsForward } from './logprobs';

/** A random problem in float64 (so finite differences are not swamped by float32 rounding). */
function problem(seed: number, B: number, T: number, P: number, V: number, scale = 2) {
  const S = P + T;
  const rng = new Rng(seed);
  const logits = Float64Array.from(rng.normalArray(B * S * V, scale));
  const seq = new Int32Array(B * S);
  for (let i = 0; i < B * S; i++) seq[i] = rng.int(V);
  return { S, logits, seq, rng };
}

function forward64(logits: Float64Array, seq: Int32Array, B: number, T: number, S: number, P: number, V: number, temp: number) {
  const lp = new Float64Array(B * T);
  const ent = new Float64Array(B * T);
  logprobsForward(lp, ent, logits, seq, B, T, S, P, V, temp);
  return { lp, ent };
}

describe('logprobsForward (CPU)', () => {
  it('matches a hand-computed case and reads the logits row before the token', () => {
    // B=1, P=2, T=1, S=3, V=3. Row t=0 reads logits position P+t−1 = 1 and token seq[2] = 2.
    // Position 1 holds 2·[ln 1, ln 2, ln 3]; with temperature 2, p = [1, 2, 3] / 6.
    const V = 3;
    const logits = new Float64Array([9, -4, 7, 0, 2 * Math.log(2), 2 * Math.log(3), 5, 5, -5]);
    const seq = new Int32Array([0, 1, 2]);
    const { lp, ent } = forward64(logits, seq, 1, 1, 3, 2, V, 2);
    expect(lp[0]).toBeCloseTo(Math.log(0.5), 12);
    const p = [1 / 6, 2 / 6, 3 / 6];
    expect(ent[0]).toBeCloseTo(-p.reduce((s, q) => s + q * Math.log(q), 0), 12);
  });

  it('uniform logits give entropy log V and logprob −log V; a one-hot row gives 0 and 0', () => {
    const V = 5;
    const logits = new Float64Array(3 * V);
    for (let j = 0; j < V; j++) logits[V + j] = j === 3 ? 0 : -1e9; // position 1: only token 3 alive
    const seq = new Int32Array([0, 4, 3]);
    const { lp, ent } = forward64(logits, seq, 1, 2, 3, 1, V, 0.7);
    expect(lp[0]).toBeCloseTo(-Math.log(V), 12);
    expect(ent[0]).toBeCloseTo(Math.log(V), 12);
    expect(lp[1]).toBe(0);
    expect(ent[1]).toBe(0);
  });

  it('−inf logits give finite logprobs/entropy for live tokens and no NaN', () => {
    const V = 4;
    const logits = new Float64Array([1, -Infinity, 0.5, -Infinity, 0, 0, 0, 0]);
    const { lp, ent } = forward64(logits, new Int32Array([0, 2]), 1, 1, 2, 1, V, 1);
    const z = Math.log(Math.exp(1) + Math.exp(0.5));
    expect(lp[0]).toBeCloseTo(0.5 - z, 12);
    const p = [Math.exp(1 - z), Math.exp(0.5 - z)];
    expect(ent[0]).toBeCloseTo(-p.reduce((s, q) => s + q * Math.log(q), 0), 12);
  });

  it('rejects bad sizes and out-of-vocabulary tokens', () => {
    const lp = new Float32Array(2), ent = new Float32Array(2), logits = new Float32Array(3 * 4);
    expect(() => logprobsForward(lp, ent, logits, new Int32Array(3), 1, 2, 3, 0, 4, 1)).toThrow(RangeError);
    expect(() => logprobsForward(lp, ent, logits, new Int32Array(3), 1, 2, 2, 1, 4, 1)).toThrow(RangeError);
    expect(() => logprobsForward(lp, ent, logits, new Int32Array(3), 1, 2, 3, 1, 4, 0)).toThrow(RangeError);
    expect(() => logprobsForward(lp, ent, logits, new Int32Array([0, 4, 0]), 1, 2, 3, 1, 4, 1)).toThrow(RangeError);
  });
});

describe('logprobsBackward (CPU) against central finite differences in float64', () => {
  const cases: { name: string; g: boolean; h: boolean; temp: number }[] = [
    { name: 'dlogprob only', g: true, h: false, temp: 0.7 },
    { name: 'dentropy only', g: false, h: true, temp: 1.6 },
    { name: 'both', g: true, h: true, temp: 0.9 },
  ];
  for (const c of cases) {
    it(`${c.name}, temperature ${c.temp}`, () => {
      const B = 2, T = 3, P = 2, V = 7;
      const { S, logits, seq, rng } = problem(7 + Math.round(100 * c.temp), B, T, P, V);
      const g = new Float64Array(B * T).map(() => (c.g ? rng.normal() : 0));
      const h = new Float64Array(B * T).map(() => (c.h ? rng.normal() : 0));
      const f = (x: Float64Array) => {
        const { lp, ent } = forward64(x, seq, B, T, S, P, V, c.temp);
        let s = 0;
        for (let i = 0; i < B * T; i++) s += g[i] * lp[i] + h[i] * ent[i];
        return s;
      };
      const dlogits = new Float64Array(B * S * V);
      logprobsBackward(dlogits, g, h, logits, seq, B, T, S, P, V, c.temp);
      const eps = 1e-5;
      let maxErr = 0, maxGrad = 0;
      for (let i = 0; i < logits.length; i++) {
        const x0 = logits[i];
        logits[i] = x0 + eps;
        const fp = f(logits);
        logits[i] = x0 - eps;
        const fm = f(logits);
        logits[i] = x0;
        const fd = (fp - fm) / (2 * eps);
        maxErr = Math.max(maxErr, Math.abs(fd - dlogits[i]));
        maxGrad = Math.max(maxGrad, Math.abs(fd));
      }
      expect(maxGrad).toBeGreaterThan(0.05); // the check is not vacuous
      expect(maxErr).toBeLessThan(1e-8);
    });
  }

  it('accumulates, and leaves prompt rows, the last position and masked rows untouched', () => {
    const B = 2, T = 3, P = 3, V = 6;
    const { S, logits, seq, rng } = problem(21, B, T, P, V);
    const g = Float64Array.from(rng.normalArray(B * T));
    const h = Float64Array.from(rng.normalArray(B * T));
    g[1] = 0; h[1] = 0; // a masked response position: row b=0, t=1 reads logits position P
    const fresh = new Float64Array(B * S * V);
    logprobsBackward(fresh, g, h, logits, seq, B, T, S, P, V, 1.3);
    const prior = Float64Array.from(rng.normalArray(B * S * V));
    const acc = prior.slice();
    logprobsBackward(acc, g, h, logits, seq, B, T, S, P, V, 1.3);
    for (let i = 0; i < acc.length; i++) expect(acc[i]).toBeCloseTo(prior[i] + fresh[i], 12);
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) {
        const touched = s >= P - 1 && s <= P + T - 2 && !(b === 0 && s === P);
        const row = fresh.subarray((b * S + s) * V, (b * S + s + 1) * V);
        expect(row.some((y) => y !== 0)).toBe(touched);
      }
    }
  });

  it('the dlogprob gradient of each row sums to 0 (softmax invariance to a shift)', () => {
    const B = 1, T = 4, P = 1, V = 9;
    const { S, logits, seq, rng } = problem(5, B, T, P, V);
    const d = new Float64Array(B * S * V);
    logprobsBackward(d, Float64Array.from(rng.normalArray(T)), Float64Array.from(rng.normalArray(T)), logits, seq, B, T, S, P, V, 0.8);
    for (let s = 0; s < S; s++) expect(Math.abs(d.subarray(s * V, (s + 1) * V).reduce((a, y) => a + y, 0))).toBeLessThan(1e-12);
  });

  it('gives no NaN with −inf logits and zero gradient for them', () => {
    const V = 4;
    const logits = new Float64Array([1, -Infinity, 0.5, -1e9, 0, 0, 0, 0]);
    const d = new Float64Array(8);
    logprobsBackward(d, new Float64Array([0.7]), new Float64Array([-1.1]), logits, new Int32Array([0, 2]), 1, 1, 2, 1, V, 1);
    expect(d.every((y) => Number.isFinite(y))).toBe(true);
    expect(d[1]).toBe(0);
    expect(d[3]).toBe(0);
    expect(d[0]).not.toBe(0);
  });
});
