import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { gae } from './gae';

function run(rewards: ArrayLike<number>, values: ArrayLike<number>, mask: ArrayLike<number>, B: number, T: number, gamma: number, lambda: number) {
  const adv = new Float64Array(B * T), ret = new Float64Array(B * T);
  gae(adv, ret, Float64Array.from(rewards), Float64Array.from(values), Float64Array.from(mask), B, T, gamma, lambda);
  return { adv, ret };
}

/** Prefix masks: row b has len[b] real tokens, then zeros. */
function prefixMask(lens: number[], T: number): Float64Array {
  const m = new Float64Array(lens.length * T);
  lens.forEach((len, b) => m.fill(1, b * T, b * T + len));
  return m;
}

/**
 * GAE written a second, independent way: the explicit sum of eq. 16 in Schulman et al. 2016,
 * A_t = Σ_l (γλ)^l δ_{t+l}, cut at the last real token, with V = 0 past it.
 */
function gaeBySum(r: Float64Array, V: Float64Array, lens: number[], T: number, gamma: number, lambda: number) {
  const B = lens.length;
  const adv = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    const len = lens[b];
    const val = (t: number) => (t < len ? V[b * T + t] : 0);
    for (let t = 0; t < len; t++) {
      let s = 0;
      for (let l = 0; t + l < len; l++) s += (gamma * lambda) ** l * (r[b * T + t + l] + gamma * val(t + l + 1) - val(t + l));
      adv[b * T + t] = s;
    }
  }
  return adv;
}

describe('gae (CPU reference)', () => {
  it('matches a hand-computed 3-token example', () => {
    // γ = 0.9, λ = 0.8, γλ = 0.72.
    // δ_2 = 3 − 1.5 = 1.5;            A_2 = 1.5
    // δ_1 = 2 + 0.9·1.5 − 1 = 2.35;   A_1 = 2.35 + 0.72·1.5 = 3.43
    // δ_0 = 1 + 0.9·1 − 0.5 = 1.4;    A_0 = 1.4 + 0.72·3.43 = 3.8696
    const { adv, ret } = run([1, 2, 3], [0.5, 1, 1.5], [1, 1, 1], 1, 3, 0.9, 0.8);
    [3.8696, 3.43, 1.5].forEach((a, t) => expect(adv[t]).toBeCloseTo(a, 12));
    [4.3696, 4.43, 3.0].forEach((x, t) => expect(ret[t]).toBeCloseTo(x, 12));
  });

  it('cuts at the last real token: V = 0 after it, padding ignored, masked outputs 0', () => {
    // Same rows, last token masked and holding garbage: δ_1 = 2 − 1 = 1, A_1 = 1;
    // δ_0 = 1 + 0.9·1 − 0.5 = 1.4, A_0 = 1.4 + 0.72·1 = 2.12.
    const { adv, ret } = run([1, 2, 1e30], [0.5, 1, -1e30], [1, 1, 0], 1, 3, 0.9, 0.8);
    expect([...adv].map((x) => +x.toFixed(12))).toEqual([2.12, 1, 0]);
    expect([...ret].map((x) => +x.toFixed(12))).toEqual([2.62, 2, 0]);
  });

  it('γ = λ = 1 and V ≡ 0 give reversed cumulative sums of rewards (docs/conventions.md §3 invariant)', () => {
    const B = 4, T = 9, lens = [9, 5, 1, 0];
    const r = Float64Array.from(new Rng(1).normalArray(B * T, 3));
    const mask = prefixMask(lens, T);
    const { adv, ret } = run(r, new Float64Array(B * T), mask, B, T, 1, 1);
    for (let b = 0; b < B; b++) {
      let cum = 0;
      for (let t = T - 1; t >= 0; t--) {
        const i = b * T + t;
        if (t < lens[b]) cum += r[i];
        expect(ret[i]).toBeCloseTo(t < lens[b] ? cum : 0, 12);
        expect(adv[i]).toBe(ret[i]);
      }
    }
  });

  it('λ = 0 gives the one-step TD error; λ = 1 gives discounted reward-to-go minus V', () => {
    const B = 3, T = 6, lens = [6, 4, 2], gamma = 0.9;
    const rng = new Rng(2);
    const r = Float64Array.from(rng.normalArray(B * T)), V = Float64Array.from(rng.normalArray(B * T));
    const mask = prefixMask(lens, T);
    const td = run(r, V, mask, B, T, gamma, 0).adv;
    const mc = run(r, V, mask, B, T, gamma, 1);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < lens[b]; t++) {
        const i = b * T + t;
        const next = t + 1 < lens[b] ? V[i + 1] : 0;
        expect(td[i]).toBeCloseTo(r[i] + gamma * next - V[i], 12);
        let g = 0;
        for (let k = lens[b] - 1; k >= t; k--) g = r[b * T + k] + gamma * g;
        expect(mc.ret[i]).toBeCloseTo(g, 12);
        expect(mc.adv[i]).toBeCloseTo(g - V[i], 12);
      }
    }
  });

  it('agrees with the explicit sum Σ (γλ)^l δ_{t+l} on random rows of every length', () => {
    const T = 13, lens = [13, 12, 7, 1, 0, 3];
    const B = lens.length;
    const rng = new Rng(3);
    const r = Float64Array.from(rng.normalArray(B * T, 5)), V = Float64Array.from(rng.normalArray(B * T, 2));
    for (const [gamma, lambda] of [[0.99, 0.95], [1, 1], [0.5, 0.3]]) {
      const { adv, ret } = run(r, V, prefixMask(lens, T), B, T, gamma, lambda);
      const want = gaeBySum(r, V, lens, T, gamma, lambda);
      for (let i = 0; i < B * T; i++) {
        expect(adv[i]).toBeCloseTo(want[i], 10);
        expect(ret[i]).toBeCloseTo(lens[Math.floor(i / T)] > i % T ? want[i] + V[i] : 0, 10);
      }
    }
  });

  it('all-masked rows are zero, whatever the padding holds, and rows are independent', () => {
    const B = 3, T = 5;
    const rng = new Rng(4);
    const r = Float64Array.from(rng.normalArray(B * T, 50)), V = Float64Array.from(rng.normalArray(B * T, 50));
    r.fill(1e30, T, 2 * T); // row 1 fully masked and full of garbage
    V.fill(-1e30, T, 2 * T);
    const mask = prefixMask([5, 0, 3], T);
    const { adv, ret } = run(r, V, mask, B, T, 0.99, 0.95);
    for (let t = 0; t < T; t++) {
      expect(adv[T + t]).toBe(0);
      expect(ret[T + t]).toBe(0);
    }
    const row0 = run(r.slice(0, T), V.slice(0, T), mask.slice(0, T), 1, T, 0.99, 0.95);
    const row2 = run(r.slice(2 * T), V.slice(2 * T), mask.slice(2 * T), 1, T, 0.99, 0.95);
    expect([...adv.slice(0, T)]).toEqual([...row0.adv]);
    expect([...adv.slice(2 * T)]).toEqual([...row2.adv]);
    expect([...adv, ...ret].every(Number.isFinite)).toBe(true);
  });

  it('T = 1: A = r − V, returns = r', () => {
    const { adv, ret } = run([2, -3, 5], [0.5, 1, 7], [1, 1, 0], 3, 1, 0.99, 0.95);
    expect([...adv]).toEqual([1.5, -4, 0]);
    expect([...ret]).toEqual([2, -3, 0]);
  });

  it('writes Float32 outputs and rejects bad arguments', () => {
    const adv = new Float32Array(2), ret = new Float32Array(2);
    gae(adv, ret, new Float32Array([1, 1]), new Float32Array([0, 0]), new Float32Array([1, 1]), 1, 2, 0.5, 0.5);
    expect([...adv]).toEqual([1.25, 1]);
    expect(() => gae(adv, ret, adv, adv, adv, 1, 2, 1.5, 0.5)).toThrow(RangeError);
    expect(() => gae(adv, ret, adv, adv, adv, 1, 2, 0.5, -0.1)).toThrow(RangeError);
    expect(() => gae(adv, ret, adv, adv, adv, 2, 2, 0.5, 0.5)).toThrow(RangeError);
  });
});
