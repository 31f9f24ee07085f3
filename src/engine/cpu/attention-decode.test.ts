import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { attentionForward } from './attention';
import { attentionDecode } from './attention-decode';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Runs the decode for pos = 0..S−1 on qkv (B, S, 3C); returns the outputs stacked as (B, S, C). */
function decodeAll(qkv: Float64Array, B: number, S: number, C: number, NH: number, maxS: number, kcache: Float64Array, vcache: Float64Array) {
  const out = new Float64Array(B * S * C);
  const step = new Float64Array(B * 3 * C), o = new Float64Array(B * C);
  for (let pos = 0; pos < S; pos++) {
    for (let b = 0; b < B; b++) step.set(qkv.subarray((b * S + pos) * 3 * C, (b * S + pos + 1) * 3 * C), b * 3 * C);
    attentionDecode(o, kcache, vcache, step, B, C, NH, maxS, pos);
    for (let b = 0; b < B; b++) out.set(o.subarray(b * C, (b + 1) * C), (b * S + pos) * C);
  }
  return out;
}

describe('attentionDecode (CPU reference)', () => {
  for (const [B, S, C, NH, maxS] of [[2, 6, 8, 2, 9], [1, 1, 4, 1, 1], [3, 11, 9, 3, 11], [1, 20, 48, 4, 64]]) {
    it(`step by step equals attentionForward over the whole sequence (B=${B} S=${S} C=${C} NH=${NH} maxS=${maxS})`, () => {
      const r = new Rng(B * 100 + S);
      const qkv = Float64Array.from(r.normalArray(B * S * 3 * C, 2));
      // Cache slots beyond pos hold garbage that must never be read.
      const kcache = new Float64Array(B * maxS * C).fill(1e6), vcache = new Float64Array(B * maxS * C).fill(-1e6);
      const got = decodeAll(qkv, B, S, C, NH, maxS, kcache, vcache);
      const want = new Float64Array(B * S * C);
      attentionForward(want, new Float64Array(B * NH * S * S), new Float64Array(B * NH * S * S), qkv, B, S, C, NH);
      expect(maxDiff(got, want)).toBeLessThan(1e-12);
      // The caches hold each position's k and v in (B, NH, maxS, hs) layout.
      const hs = C / NH;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < S; t++) {
          for (let c = 0; c < C; c++) {
            const slot = ((b * NH + Math.floor(c / hs)) * maxS + t) * hs + (c % hs);
            expect(kcache[slot]).toBe(qkv[(b * S + t) * 3 * C + C + c]);
            expect(vcache[slot]).toBe(qkv[(b * S + t) * 3 * C + 2 * C + c]);
          }
        }
      }
      if (S < maxS) expect(kcache[(maxS - 1) * hs]).toBe(1e6); // untouched beyond the last position
    });
  }

  it('pos = 0 returns v (one key, attention weight 1)', () => {
    const out = new Float32Array(2);
    attentionDecode(out, new Float32Array(8), new Float32Array(8), new Float32Array([1, 2, 3, 4, 5, 6]), 1, 2, 1, 4, 0);
    expect([...out]).toEqual([5, 6]);
  });

  it('rejects pos outside the cache and C not divisible by NH', () => {
    const z = () => new Float32Array(64);
    expect(() => attentionDecode(z(), z(), z(), z(), 1, 4, 2, 4, 4)).toThrow(/pos=4/);
    expect(() => attentionDecode(z(), z(), z(), z(), 1, 4, 2, 4, -1)).toThrow(/pos=-1/);
    expect(() => attentionDecode(z(), z(), z(), z(), 1, 6, 4, 4, 0)).toThrow(/divisible/);
  });
});
