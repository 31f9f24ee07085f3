import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { attentionBackward, attentionForward } from './attention';

const f64 = (a: ArrayLike<number>) => Float64Array.from(a);
const randn = (r: Rng, n: number, std = 1) => f64(r.normalArray(n, std));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function forward(qkv: Float64Array, B: number, S: number, C: number, NH: number) {
  const out = new Float64Array(B * S * C), preatt = new Float64Array(B * NH * S * S), att = new Float64Array(B * NH * S * S);
  attentionForward(out, preatt, att, qkv, B, S, C, NH);
  return { out, preatt, att };
}

/** 1 where t2 ≤ t (a causal entry of a (B, NH, S, S) tensor), else 0. */
function causalMask(B: number, NH: number, S: number): Float64Array {
  const m = new Float64Array(B * NH * S * S);
  for (let i = 0; i < m.length; i++) m[i] = i % S <= Math.floor(i / S) % S ? 1 : 0;
  return m;
}

describe('attention (CPU reference)', () => {
  it('S = 1: att = 1 and out = v; preatt = q·k/√hs', () => {
    // B=1, S=1, C=2, NH=1: q = [1, 2], k = [3, −1], v = [5, 7]; q·k = 1, hs = 2
    const { out, preatt, att } = forward(f64([1, 2, 3, -1, 5, 7]), 1, 1, 2, 1);
    expect([...out]).toEqual([5, 7]);
    expect(att[0]).toBe(1);
    expect(preatt[0]).toBeCloseTo(1 / Math.SQRT2, 15);
  });

  it('q = 0 gives uniform attention over the prefix: out_t = mean(v_0..v_t); masked entries are 0', () => {
    const B = 2, S = 5, C = 6, NH = 3;
    const r = new Rng(1);
    const qkv = randn(r, B * S * 3 * C);
    for (let b = 0; b < B; b++) for (let t = 0; t < S; t++) for (let c = 0; c < C; c++) qkv[(b * S + t) * 3 * C + c] = 0;
    const { out, preatt, att } = forward(qkv, B, S, C, NH);
    const mask = causalMask(B, NH, S);
    for (let i = 0; i < att.length; i++) {
      expect(preatt[i]).toBe(0);
      expect(att[i]).toBeCloseTo(mask[i] ? 1 / ((Math.floor(i / S) % S) + 1) : 0, 14);
    }
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < S; t++) {
        for (let c = 0; c < C; c++) {
          let mean = 0;
          for (let t2 = 0; t2 <= t; t2++) mean += qkv[(b * S + t2) * 3 * C + 2 * C + c] / (t + 1);
          expect(out[(b * S + t) * C + c]).toBeCloseTo(mean, 13);
        }
      }
    }
  });

  it('rows of att sum to 1, and changing position t′ leaves outputs before t′ unchanged (causality)', () => {
    const B = 1, S = 6, C = 8, NH = 2;
    const qkv = randn(new Rng(2), B * S * 3 * C, 2);
    const a = forward(qkv, B, S, C, NH);
    for (let row = 0; row < B * NH * S; row++) {
      expect(a.att.slice(row * S, row * S + S).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    }
    const changed = qkv.slice();
    for (let c = 0; c < 3 * C; c++) changed[4 * 3 * C + c] += 1; // position t′ = 4
    const b = forward(changed, B, S, C, NH);
    expect([...b.out.slice(0, 4 * C)]).toEqual([...a.out.slice(0, 4 * C)]);
    expect(maxDiff(b.out.slice(4 * C), a.out.slice(4 * C))).toBeGreaterThan(1e-3);
  });

  it('rejects C not divisible by NH', () => {
    expect(() => forward(new Float64Array(9), 1, 1, 3, 2)).toThrow(/divisible/);
  });

  for (const [B, S, C, NH] of [[2, 4, 6, 2], [1, 1, 4, 1], [1, 5, 3, 3], [2, 3, 8, 1]]) {
    it(`backward = central differences (B=${B} S=${S} C=${C} NH=${NH}), honouring incoming datt and dpreatt`, () => {
      // L = Σ w·out + Σ_causal u·att + Σ_causal z·preatt. Seeding datt with u and dpreatt with z
      // (llm.c semantics: the backward adds to them and then uses the totals) must give ∂L/∂qkv.
      const r = new Rng(B * 1000 + S * 100 + C * 10 + NH);
      const qkv = randn(r, B * S * 3 * C);
      const w = randn(r, B * S * C), u = randn(r, B * NH * S * S), z = randn(r, B * NH * S * S);
      const mask = causalMask(B, NH, S);
      const L = () => {
        const f = forward(qkv, B, S, C, NH);
        let s = 0;
        for (let i = 0; i < f.out.length; i++) s += w[i] * f.out[i];
        for (let i = 0; i < f.att.length; i++) s += mask[i] * (u[i] * f.att[i] + z[i] * f.preatt[i]);
        return s;
      };
      const { att } = forward(qkv, B, S, C, NH);
      const dqkv0 = randn(r, qkv.length);
      const dqkv = dqkv0.slice(), datt = u.slice(), dpreatt = z.slice();
      attentionBackward(dqkv, dpreatt, datt, w, qkv, att, B, S, C, NH);

      const h = 1e-5;
      const numeric = new Float64Array(qkv.length);
      for (let i = 0; i < qkv.length; i++) {
        const x0 = qkv[i];
        qkv[i] = x0 + h;
        const up = L();
        qkv[i] = x0 - h;
        const down = L();
        qkv[i] = x0;
        numeric[i] = (up - down) / (2 * h);
      }
      // Central differences: truncation error O(h²·|L'''|) ≈ 1e-10, rounding ≈ 1e-16·|L|/h ≈ 1e-10.
      expect(maxDiff(dqkv.map((g, i) => g - dqkv0[i]), numeric)).toBeLessThan(1e-7);
      // Masked entries of datt / dpreatt are neither read nor written.
      for (let i = 0; i < mask.length; i++) {
        if (!mask[i]) {
          expect(datt[i]).toBe(u[i]);
          expect(dpreatt[i]).toBe(z[i]);
        }
      }
    });
  }

  it('datt and dpreatt hold ∂/∂att and ∂/∂preatt of Σ w·out (checked by finite differences on one row)', () => {
    const B = 1, S = 4, C = 6, NH = 2, hs = 3;
    const r = new Rng(77);
    const qkv = randn(r, B * S * 3 * C), w = randn(r, B * S * C);
    const { preatt, att } = forward(qkv, B, S, C, NH);
    const datt = new Float64Array(att.length), dpreatt = new Float64Array(att.length);
    attentionBackward(new Float64Array(qkv.length), dpreatt, datt, w, qkv, att, B, S, C, NH);
    // Row (b=0, h=1, t=3): out_t[head 1] = softmax(preatt row) · V, L_row = w_t[head 1] · out.
    const h = 1, t = 3, row = (h * S + t) * S;
    const value = (t2: number, i: number) => qkv[t2 * 3 * C + 2 * C + h * hs + i];
    const Lrow = (p: Float64Array, a?: Float64Array) => {
      const e = Array.from({ length: t + 1 }, (_, t2) => Math.exp(p[t2]));
      const sum = e.reduce((s, x) => s + x, 0);
      const at = a ?? e.map((x) => x / sum);
      let s = 0;
      for (let i = 0; i < hs; i++) for (let t2 = 0; t2 <= t; t2++) s += w[t * C + h * hs + i] * at[t2] * value(t2, i);
      return s;
    };
    const p = f64(preatt.slice(row, row + t + 1)), a = f64(att.slice(row, row + t + 1));
    for (let j = 0; j <= t; j++) {
      const d = (x: Float64Array, k: number, useAtt: boolean) => {
        const up = x.slice(), down = x.slice();
        up[k] += 1e-6;
        down[k] -= 1e-6;
        return (useAtt ? Lrow(p, up) - Lrow(p, down) : Lrow(up) - Lrow(down)) / 2e-6;
      };
      expect(datt[row + j]).toBeCloseTo(d(a, j, true), 8);
      expect(dpreatt[row + j]).toBeCloseTo(d(p, j, false), 8);
    }
  });

  it('saturated scores (±1e3) stay finite: one-hot attention, zero softmax gradient', () => {
    const B = 1, S = 3, C = 2, NH = 1;
    // q_t = k_t = 40·e_t-ish so q_t·k_t dominates: preatt diagonal ≈ 1e3 / √2
    const qkv = f64([45, 0, 45, 0, 1, 2, 0, 45, 0, 45, 3, 4, -45, -45, -45, -45, 5, 6]);
    const { out, att } = forward(qkv, B, S, C, NH);
    expect([...att]).toEqual([1, 0, 0, expect.closeTo(0, 12), expect.closeTo(1, 12), 0, expect.closeTo(0, 12), expect.closeTo(0, 12), expect.closeTo(1, 12)]);
    expect(out[4]).toBeCloseTo(5, 10);
    const dpreatt = new Float64Array(att.length);
    attentionBackward(new Float64Array(qkv.length), dpreatt, new Float64Array(att.length), f64([1, 1, 1, 1, 1, 1]), qkv, att, B, S, C, NH);
    expect(dpreatt.every((x) => Number.isFinite(x) && Math.abs(x) < 1e-12)).toBe(true);
  });
});
