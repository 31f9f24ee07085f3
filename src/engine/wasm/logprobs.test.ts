import { describe, expect, it } from 'vitest';
import { logprobsBackward, logprobsForward } from '../rl/logprobs';
import { Rng } from '../tensor/rng';
import { WasmKernels } from './kernels';
import { put, putInts, violations } from './testing/arena-copy';
import { backwardBounds, forwardBounds } from './testing/logprob-bounds';

// The float32 log-prob / entropy kernel (assembly/logprobs.ts) against the float64 reference
// (rl/logprobs.ts), per element within the first-order float32 bounds derived in
// testing/logprob-bounds.ts (no slack factor: the bound is the derivation's), on random rows and on
// rows with −∞, −1e9, ±1e30 and equal logits, tiny and large temperatures, V = 1, B = 1, T = 1, odd
// sizes, masked rows. Elements the kernel must not touch (prompt rows, the last position, masked
// rows) must keep their bits.
const k = WasmKernels.create();

type RowKind = 'normal' | 'minusInf' | 'minus1e9' | 'huge' | 'equal' | 'oneLive';

/** Logits (B,S,V): every row of kind `kinds[row % kinds.length]`. */
function makeLogits(r: Rng, B: number, S: number, V: number, kinds: RowKind[]): Float32Array {
  const x = r.normalArray(B * S * V, 2);
  for (let row = 0; row < B * S; row++) {
    const kind = kinds[row % kinds.length], o = row * V;
    for (let j = 0; j < V; j++) {
      if (kind === 'minusInf' && j % 3 === 1) x[o + j] = -Infinity;
      if (kind === 'minus1e9' && j % 2 === 0) x[o + j] = -1e9;
      if (kind === 'huge') x[o + j] = (j % 2 ? 1e30 : -1e30) * (1 + x[o + j] / 8);
      if (kind === 'equal') x[o + j] = 5;
      if (kind === 'oneLive') x[o + j] = j === (row % V) ? 0.5 : -Infinity;
    }
  }
  return x;
}

interface Case { B: number; T: number; P: number; V: number; temperature: number; kinds: RowKind[] }

function check({ B, T, P, V, temperature, kinds }: Case, seed: number) {
  const S = P + T + 1; // one position after the answer that nothing reads
  const r = new Rng(seed);
  const logits = makeLogits(r, B, S, V, kinds);
  const seq = Int32Array.from({ length: B * S }, () => r.int(V));
  // Tokens on a −∞ logit only where a row has several live ones (its log-prob is then −∞ in both).
  const g = r.normalArray(B * T), h = r.normalArray(B * T);
  for (let i = 0; i < B * T; i++) if (i % 5 === 2) { g[i] = 0; h[i] = 0; } // masked rows
  for (let i = 0; i < B * T; i++) if (i % 7 === 3) h[i] = 0; // PPO's case: no entropy gradient
  const d0 = r.normalArray(B * S * V);

  const want = { lp: new Float32Array(B * T), ent: new Float32Array(B * T), dl: d0.slice() };
  logprobsForward(want.lp, want.ent, logits, seq, B, T, S, P, V, temperature);
  logprobsBackward(want.dl, g, h, logits, seq, B, T, S, P, V, temperature);

  const got = { lp: put(k, new Float32Array(B * T).fill(7)), ent: put(k, new Float32Array(B * T).fill(7)), dl: put(k, d0) };
  const tl = put(k, logits), ts = putInts(k, seq);
  expect(k.logprobsForward(got.lp, got.ent, tl, ts, B, T, S, P, V, temperature)).toBe(true);
  expect(k.logprobsBackward(got.dl, put(k, g), put(k, h), tl, ts, B, T, S, P, V, temperature)).toBe(true);

  const fb = forwardBounds(logits, seq, B, T, S, P, V, temperature);
  const bb = backwardBounds(want.dl, g, h, logits, seq, B, T, S, P, V, temperature);
  expect(violations('logprob', got.lp, want.lp, (i) => fb.logprob[i]), 'logprob outside its bound').toBe(0);
  expect(violations('entropy', got.ent, want.ent, (i) => fb.entropy[i]), 'entropy outside its bound').toBe(0);
  expect(violations('dlogits', got.dl, want.dl, (i) => bb[i]), 'dlogits outside its bound').toBe(0);
  return { got, want, d0, g, h, S };
}

describe('wasm log-probs + entropy (float32) vs rl/logprobs.ts (float64)', () => {
  const mixed: RowKind[] = ['normal', 'minusInf', 'minus1e9', 'huge', 'equal', 'oneLive', 'normal'];
  const cases: Case[] = [
    { B: 1, T: 1, P: 1, V: 1, temperature: 1, kinds: ['normal'] },
    { B: 1, T: 1, P: 1, V: 2, temperature: 0.7, kinds: ['normal'] },
    { B: 1, T: 1, P: 3, V: 5, temperature: 1, kinds: mixed },
    { B: 2, T: 3, P: 2, V: 7, temperature: 1.6, kinds: mixed },
    { B: 3, T: 12, P: 3, V: 52, temperature: 1, kinds: mixed }, // the reviews scenario's shape
    { B: 64, T: 12, P: 3, V: 52, temperature: 0.7, kinds: ['normal'] },
    { B: 4, T: 5, P: 1, V: 131, temperature: 1, kinds: mixed },
    { B: 2, T: 4, P: 2, V: 13, temperature: 0.05, kinds: mixed }, // the lowest temperature the settings allow
    { B: 2, T: 4, P: 2, V: 13, temperature: 1e-3, kinds: mixed }, // near one-hot: g·(1 − p) with p ≈ 1
    { B: 2, T: 4, P: 2, V: 13, temperature: 1e3, kinds: mixed }, // near uniform
  ];
  for (const c of cases) {
    it(`B=${c.B} T=${c.T} P=${c.P} V=${c.V} temperature ${c.temperature}, rows ${[...new Set(c.kinds)].join('/')}`, () => {
      const { got, want, d0, g, h, S } = check(c, c.B * 131 + c.T * 17 + c.V + Math.round(c.temperature * 1000));
      // What the kernel must not touch keeps its bits: prompt rows, the last position, masked rows.
      const read = new Set<number>();
      for (let b = 0; b < c.B; b++) for (let t = 0; t < c.T; t++) if (g[b * c.T + t] !== 0 || h[b * c.T + t] !== 0) read.add(b * S + c.P + t - 1);
      for (let row = 0; row < c.B * S; row++) {
        if (read.has(row)) continue;
        for (let j = 0; j < c.V; j++) expect(Object.is(got.dl[row * c.V + j], d0[row * c.V + j]), `row ${row} touched`).toBe(true);
      }
      expect(got.lp.some((x, i) => Number.isNaN(x) !== Number.isNaN(want.lp[i]))).toBe(false);
    });
  }

  it('V = 1: log-prob 0, entropy 0, no gradient', () => {
    const { got } = check({ B: 2, T: 2, P: 1, V: 1, temperature: 0.3, kinds: ['normal'] }, 5);
    expect(Array.from(got.lp)).toEqual([0, 0, 0, 0]);
    expect(Array.from(got.ent)).toEqual([0, 0, 0, 0]);
  });

  it('equal logits: log-prob −log V and entropy log V; a lone live logit: 0 and 0', () => {
    const V = 6, S = 3, seq = Int32Array.from([0, 2, 4]);
    const logits = Float32Array.from([...Array(V).fill(3), ...Array.from({ length: V }, (_, j) => (j === 4 ? 1 : -Infinity)), ...Array(V).fill(0)]);
    const lp = k.arena.floats(2), ent = k.arena.floats(2);
    expect(k.logprobsForward(lp, ent, put(k, logits), putInts(k, seq), 1, 2, S, 1, V, 0.9)).toBe(true);
    expect(Math.abs(lp[0] + Math.log(V))).toBeLessThan(4e-7);
    expect(Math.abs(ent[0] - Math.log(V))).toBeLessThan(4e-7);
    expect([lp[1], ent[1]]).toEqual([0, 0]);
  });

  it('throws the reference’s RangeErrors before touching anything; a masked row’s token is not looked at', () => {
    const lp = k.arena.floats(2), ent = k.arena.floats(2), logits = put(k, new Float32Array(3 * 4));
    const bad: [Int32Array, number, number, number, number][] = [
      [new Int32Array(3), 2, 3, 0, 1], // P = 0
      [new Int32Array(3), 2, 2, 1, 1], // P + T > S
      [new Int32Array(3), 2, 3, 1, 0], // temperature 0
      [Int32Array.from([0, 4, 0]), 2, 3, 1, 1], // token outside [0, V)
    ];
    for (const [seq, T, S, P, temp] of bad) {
      const s = putInts(k, seq);
      expect(() => logprobsForward(new Float32Array(2), new Float32Array(2), new Float32Array(12), seq, 1, T, S, P, 4, temp)).toThrow(RangeError);
      expect(() => k.logprobsForward(lp, ent, logits, s, 1, T, S, P, 4, temp)).toThrow(RangeError);
    }
    const seq = putInts(k, [0, 4, 1]), dl = put(k, new Float32Array(12).fill(1));
    expect(k.logprobsBackward(dl, put(k, [0, 1]), put(k, [0, 0]), logits, seq, 1, 2, 3, 1, 4, 1)).toBe(true); // token 4 is masked
    expect(() => k.logprobsBackward(dl, put(k, [1, 1]), put(k, [0, 0]), logits, seq, 1, 2, 3, 1, 4, 1)).toThrow(/token 4 at seq\[1\]/);
  });

  it('declines tensors outside its memory (the engine then runs the reference)', () => {
    const seq = new Int32Array(3);
    expect(k.logprobsForward(new Float32Array(2), new Float32Array(2), new Float32Array(12), seq, 1, 2, 3, 1, 4, 1)).toBe(false);
  });
});
