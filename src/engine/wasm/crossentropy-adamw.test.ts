import { describe, expect, it } from 'vitest';
import { adamwUpdate, gradNormSquared } from '../cpu/adamw';
import { crossentropyBackward, crossentropyForward } from '../cpu/crossentropy';
import { maxScaledDiff } from '../tensor/compare';
import { Rng } from '../tensor/rng';
import { WasmKernels } from './kernels';
import { bitDiffs, put, putInts } from './testing/arena-copy';

const k = WasmKernels.create();

// Cross-entropy: float32 against the float64 reference, 1e-5 scaled (crossentropy.gpu.test.ts's
// tolerance for the WGSL kernel: a float32 softmax over ≤ 131 logits).
describe('wasm crossentropy (float32) vs cpu/crossentropy.ts', () => {
  function check(N: number, V: number, logits: Float32Array, targets: Int32Array, seed: number) {
    const r = new Rng(seed), dlosses = r.normalArray(N), d0 = r.normalArray(N * V);
    const want = { losses: new Float32Array(N), probs: new Float32Array(N * V), dlogits: d0.slice() };
    crossentropyForward(want.losses, want.probs, logits, targets, N, V);
    crossentropyBackward(want.dlogits, dlosses, want.probs, targets, N, V);
    const got = { losses: put(k, new Float32Array(N).fill(3)), probs: put(k, new Float32Array(N * V).fill(3)), dlogits: put(k, d0) };
    const tl = put(k, logits), tt = putInts(k, targets);
    expect(k.crossentropyForward(got.losses, got.probs, tl, tt, N, V)).toBe(true);
    expect(k.crossentropyBackward(got.dlogits, put(k, dlosses), put(k, want.probs), tt, N, V)).toBe(true);
    for (const key of ['losses', 'probs', 'dlogits'] as const) expect(maxScaledDiff(got[key], want[key]), key).toBeLessThan(1e-5);
    return got;
  }
  for (const [N, V] of [[1, 1], [1, 2], [7, 52], [33, 14], [64, 131], [5, 5]] as const) {
    it(`N=${N} V=${V}, targets including −1 (ignored) and out of range`, () => {
      const r = new Rng(N * V);
      const targets = Int32Array.from({ length: N }, (_, i) => (i % 5 === 3 ? -1 : i % 7 === 6 ? V + 2 : r.int(V)));
      const got = check(N, V, r.normalArray(N * V, 3), targets, N + V);
      targets.forEach((t, i) => { if (t < 0 || t >= V) expect(got.losses[i]).toBe(0); });
    });
  }
  it('very negative logits (−1e9) and a huge margin: finite loss from the log-sum-exp form', () => {
    const V = 6, logits = Float32Array.from([-1e9, 0, -1e9, 50, -1e9, -1e9, 0, 0, 0, 0, 0, -1e9]);
    const got = check(2, V, logits, Int32Array.from([0, 5]), 2);
    expect(got.losses[0]).toBeCloseTo(1e9 + 50, -3);
    expect(got.losses.every(Number.isFinite)).toBe(true);
  });
});

// AdamW and the gradient norm are written with the reference's float64 operations in its order:
// equal bit for bit.
describe('wasm AdamW and gradient norm = cpu/adamw.ts bit for bit', () => {
  for (const [n, clip] of [[1, 0], [2, 1], [1001, 1], [60001, 0.5]] as const) {
    it(`n=${n}, maxNorm ${clip}, steps 1..3, weight decay 0.01`, () => {
      const r = new Rng(n);
      const p = r.normalArray(n), m = new Float32Array(n), v = new Float32Array(n);
      const tp = put(k, p), tm = put(k, m), tv = put(k, v);
      for (let t = 1; t <= 3; t++) {
        const g = r.normalArray(n, t === 2 ? 1e-6 : 3);
        const tg = put(k, g);
        const want = gradNormSquared(g, n);
        expect(k.gradNormSquared(tg, n)).toBe(want);
        const normSq = Math.fround(want); // the engine stores it in a float32 tensor
        adamwUpdate(p, g, m, v, n, 1e-3, 0.9, 0.999, 1e-8, 0.01, t, normSq, clip);
        expect(k.adamwUpdate(tp, tg, tm, tv, n, 1e-3, 0.9, 0.999, 1e-8, 0.01, t, normSq, clip)).toBe(true);
        expect(bitDiffs(tp, p) + bitDiffs(tm, m) + bitDiffs(tv, v), `step ${t}`).toBe(0);
      }
    });
  }
  it('refuses step 0 as the reference does', () => {
    const t = put(k, [1]);
    expect(() => k.adamwUpdate(t, t, t, t, 1, 1e-3, 0.9, 0.999, 1e-8, 0, 0, 1, 1)).toThrow(/step t must be an integer ≥ 1/);
  });
});
