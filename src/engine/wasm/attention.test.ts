import { describe, expect, it } from 'vitest';
import { attentionBackward, attentionBackwardErrorBound, attentionForward, attentionForwardErrorBound } from '../cpu/attention';
import { attentionDecode } from '../cpu/attention-decode';
import { maxScaledDiff } from '../tensor/compare';
import { Rng } from '../tensor/rng';
import { WasmKernels } from './kernels';
import { bitDiffs, put, violations } from './testing/arena-copy';

// The float32 attention kernels against cpu/attention.ts, per element within the first-order
// float32 error bounds derived from the inputs there (attentionForwardErrorBound /
// attentionBackwardErrorBound: dot products by Higham's γ_n, exp allowed 3 + 2|x| ulp — ours is
// within 4 ulp over the softmax range, fast-math.test.ts — division 2.5 ulp), as for the WGSL kernel.
const k = WasmKernels.create();
interface Dims { B: number; S: number; C: number; NH: number }

function inputs(seed: number, { B, S, C, NH }: Dims, qkScale = 1) {
  const r = new Rng(seed);
  const qkv = r.normalArray(B * S * 3 * C);
  for (let i = 0; i < qkv.length; i++) if (i % (3 * C) < 2 * C) qkv[i] *= qkScale;
  const A = B * NH * S * S;
  return { qkv, dout: r.normalArray(B * S * C), dqkv0: r.normalArray(B * S * 3 * C), dpre0: r.normalArray(A), datt0: r.normalArray(A) };
}

function check(seed: number, d: Dims, qkScale = 1) {
  const { B, S, C, NH } = d, A = B * NH * S * S;
  const x = inputs(seed, d, qkScale);
  const want = { out: new Float32Array(B * S * C), preatt: new Float32Array(A), att: new Float32Array(A), dqkv: x.dqkv0.slice(), dpreatt: x.dpre0.slice(), datt: x.datt0.slice() };
  attentionForward(want.out, want.preatt, want.att, x.qkv, B, S, C, NH);
  attentionBackward(want.dqkv, want.dpreatt, want.datt, x.dout, x.qkv, want.att, B, S, C, NH);
  const got = { out: put(k, new Float32Array(B * S * C).fill(777)), preatt: put(k, new Float32Array(A).fill(777)), att: put(k, new Float32Array(A).fill(777)), dqkv: put(k, x.dqkv0), dpreatt: put(k, x.dpre0), datt: put(k, x.datt0) };
  const qkv = put(k, x.qkv);
  expect(k.attentionForward(got.out, got.preatt, got.att, qkv, B, S, C, NH)).toBe(true);
  // The backward reads the reference's att, so its check isolates the backward's own rounding.
  expect(k.attentionBackward(got.dqkv, got.dpreatt, got.datt, put(k, x.dout), qkv, put(k, want.att), B, S, C, NH)).toBe(true);
  const f = { out: new Float64Array(B * S * C), preatt: new Float64Array(A), att: new Float64Array(A) };
  attentionForwardErrorBound(f.out, f.preatt, f.att, x.qkv, B, S, C, NH);
  const g = { dqkv: new Float64Array(B * S * 3 * C), dpreatt: new Float64Array(A), datt: new Float64Array(A) };
  attentionBackwardErrorBound(g.dqkv, g.dpreatt, g.datt, x.dout, x.qkv, want.att, x.dqkv0, x.dpre0, x.datt0, B, S, C, NH);
  const bound = { ...f, ...g };
  for (const key of Object.keys(want) as (keyof typeof want)[]) {
    expect(violations(key, got[key], want[key], (i) => bound[key][i] + 1e-30), `${key} outside its bound`).toBe(0);
  }
  for (let i = 0; i < A; i++) {
    if (i % S > Math.floor(i / S) % S) { // masked (t2 > t): forward writes 0, backward leaves the gradients alone
      expect(got.att[i]).toBe(0);
      expect(got.preatt[i]).toBe(0);
      expect(got.datt[i]).toBe(x.datt0[i]);
      expect(got.dpreatt[i]).toBe(x.dpre0[i]);
    }
  }
  return got;
}

describe('wasm attention (float32) vs cpu/attention.ts', () => {
  // S = 1, B = 1, head sizes 1, 3, 4, 12 (tiny), 16, 32 (small), 64; S = 64 (tiny's maxS).
  const shapes: [number, number, number, number][] = [[1, 1, 4, 1], [1, 1, 4, 4], [2, 7, 9, 3], [1, 64, 48, 4], [3, 5, 64, 1], [2, 33, 32, 2], [4, 15, 128, 4]];
  for (const [B, S, C, NH] of shapes) {
    it(`B=${B} S=${S} C=${C} NH=${NH}: forward and backward within per-element float32 bounds`, () => { check(B * 1009 + S * 101 + C * 7 + NH, { B, S, C, NH }); });
  }
  for (const qkScale of [10, 60]) {
    it(`extreme scores (q, k ×${qkScale}, near one-hot att) stay finite and within bound`, () => {
      const got = check(31 + qkScale, { B: 2, S: 17, C: 16, NH: 2 }, qkScale);
      for (const a of Object.values(got)) expect(a.every(Number.isFinite)).toBe(true);
      expect(Math.max(...got.att)).toBeGreaterThan(0.999);
    });
  }
  it('does not depend on the split into (batch, head) ranges', () => {
    const d = { B: 3, S: 9, C: 24, NH: 4 }, x = inputs(8, d), A = d.B * d.NH * d.S * d.S;
    const qkv = put(k, x.qkv), att = k.arena.floats(A);
    const run = (ranges: [number, number][]) => {
      const out = k.arena.floats(d.B * d.S * d.C), pre = k.arena.floats(A), dqkv = put(k, x.dqkv0), dpre = put(k, x.dpre0), datt = put(k, x.datt0);
      for (const [a, b] of ranges) k.x.attentionForward(out.byteOffset, pre.byteOffset, att.byteOffset, qkv.byteOffset, d.B, d.S, d.C, d.NH, a, b);
      const dout = put(k, x.dout);
      for (const [a, b] of ranges) k.x.attentionBackward(dqkv.byteOffset, dpre.byteOffset, datt.byteOffset, dout.byteOffset, qkv.byteOffset, att.byteOffset, d.B, d.S, d.C, d.NH, a, b);
      return [out, dqkv, dpre, datt];
    };
    const whole = run([[0, 12]]), parts = run([[0, 1], [1, 7], [7, 12]]);
    whole.forEach((w, i) => expect(bitDiffs(w, parts[i])).toBe(0));
  });
});

describe('wasm attention decode step (float32) vs cpu/attention.ts', () => {
  // Decoding positions 0..S−1 one at a time must give the causal forward's out row by row: each
  // step is checked against the float64 forward of the whole sequence, within the same per-element
  // float32 bound (attentionForwardErrorBound), and the cache must hold exact copies of k and v.
  for (const [B, S, C, NH, maxS] of [[1, 1, 4, 1, 1], [1, 3, 4, 1, 3], [3, 32, 48, 4, 32], [2, 21, 9, 3, 70], [5, 64, 128, 4, 64]] as const) {
    it(`B=${B} S=${S} C=${C} NH=${NH} maxS=${maxS}, some steps with large scores`, () => {
      const r = new Rng(B + C + maxS);
      const qkv = r.normalArray(B * S * 3 * C);
      for (let i = 0; i < qkv.length; i++) if (Math.floor(i / (3 * C)) % 5 === 4) qkv[i] *= 8;
      const want = new Float32Array(B * S * C), A = B * NH * S * S;
      attentionForward(want, new Float32Array(A), new Float32Array(A), qkv, B, S, C, NH);
      const bound = new Float64Array(B * S * C);
      attentionForwardErrorBound(bound, new Float64Array(A), new Float64Array(A), qkv, B, S, C, NH);
      // Garbage beyond the written positions: reading a slot > pos would wreck the result.
      const kc = put(k, new Float32Array(B * maxS * C).fill(1e6)), vc = put(k, new Float32Array(B * maxS * C).fill(-1e6));
      const step = k.arena.floats(B * 3 * C), out = k.arena.floats(B * C), got = new Float32Array(B * S * C);
      for (let pos = 0; pos < S; pos++) {
        for (let b = 0; b < B; b++) step.set(qkv.subarray((b * S + pos) * 3 * C, (b * S + pos + 1) * 3 * C), b * 3 * C);
        expect(k.attentionDecode(out, kc, vc, step, B, C, NH, maxS, pos)).toBe(true);
        for (let b = 0; b < B; b++) got.set(out.subarray(b * C, (b + 1) * C), (b * S + pos) * C);
      }
      expect(violations('out', got, want, (i) => bound[i] + 1e-30)).toBe(0);
      const hs = C / NH;
      for (let b = 0; b < B; b++) for (let h = 0; h < NH; h++) for (let t = 0; t < S; t++) for (let i = 0; i < hs; i++) {
        const c = ((b * NH + h) * maxS + t) * hs + i, q = (b * S + t) * 3 * C + h * hs + i;
        if (kc[c] !== qkv[q + C] || vc[c] !== qkv[q + 2 * C]) throw new Error(`cache (b=${b} h=${h} t=${t} i=${i}) is not a copy`);
      }
    });
  }
  it('matches the TypeScript decode step on the same cache (one step, scaled 1e-5)', () => {
    const B = 2, C = 8, NH = 2, maxS = 4, r = new Rng(3);
    const kc = r.normalArray(B * maxS * C), vc = r.normalArray(B * maxS * C), qkv = r.normalArray(B * 3 * C), out = new Float32Array(B * C);
    const tk = put(k, kc), tv = put(k, vc), tout = k.arena.floats(B * C);
    attentionDecode(out, kc, vc, qkv, B, C, NH, maxS, 2);
    k.attentionDecode(tout, tk, tv, put(k, qkv), B, C, NH, maxS, 2);
    expect(maxScaledDiff(tout, out)).toBeLessThan(1e-5);
    expect(bitDiffs(tk, kc) + bitDiffs(tv, vc)).toBe(0);
  });
  it('refuses a position outside the cache with a clear error', () => {
    const t = put(k, new Float32Array(12));
    expect(() => k.attentionDecode(t, t, t, t, 1, 4, 1, 3, 3)).toThrow(/pos=3 outside \[0, 3\)/);
  });
});
