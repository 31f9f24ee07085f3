import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { crossentropyBackward, crossentropyForward } from './crossentropy';
import { dot, maxGradError, numericGrad, toF64 } from './testing/finite-diff';

function forward(logits: Float64Array, targets: Int32Array, N: number, V: number) {
  const losses = new Float64Array(N), probs = new Float64Array(N * V);
  crossentropyForward(losses, probs, logits, targets, N, V);
  return { losses, probs };
}

describe('crossentropy (CPU reference)', () => {
  it('hand-computed: uniform logits give log V; a sure prediction gives ~0', () => {
    const { losses, probs } = forward(Float64Array.from([0, 0, 0, 0, 20, 0]), Int32Array.from([1, 1]), 2, 3);
    expect(losses[0]).toBeCloseTo(Math.log(3), 12);
    expect(losses[1]).toBeCloseTo(Math.log(1 + 2 * Math.exp(-20)), 12);
    expect(probs[0]).toBeCloseTo(1 / 3, 12);
  });

  it('ignores target −1 and other out-of-range targets: loss 0, no gradient, probs still written', () => {
    const N = 4, V = 5;
    const logits = toF64(new Rng(1).normalArray(N * V));
    const targets = Int32Array.from([-1, 2, 5, -7]);
    const { losses, probs } = forward(logits, targets, N, V);
    expect([losses[0], losses[2], losses[3]]).toEqual([0, 0, 0]);
    expect(losses[1]).toBeGreaterThan(0);
    for (let n = 0; n < N; n++) expect(probs.slice(n * V, (n + 1) * V).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    const dlogits = new Float64Array(N * V);
    crossentropyBackward(dlogits, new Float64Array(N).fill(1), probs, targets, N, V);
    for (let i = 0; i < N * V; i++) if (Math.floor(i / V) !== 1) expect(dlogits[i]).toBe(0);
    expect(dlogits.slice(V, 2 * V).reduce((s, g) => s + g, 0)).toBeCloseTo(0, 12); // Σ(p − onehot) = 0
  });

  it('stays finite with −1e9 masked logits, even as the target (loss ≈ 1e9)', () => {
    const V = 6;
    const logits = Float64Array.from([-1e9, 0, 1, -1e9, 2, -1e9]);
    const { losses, probs } = forward(logits, Int32Array.from([3]), 1, V);
    expect(losses[0]).toBeCloseTo(1e9 + Math.log(Math.exp(0) + Math.exp(1) + Math.exp(2)), 3);
    expect(probs[3]).toBe(0);
    expect(forward(logits, Int32Array.from([4]), 1, V).losses[0]).toBeCloseTo(-2 + Math.log(1 + Math.E + Math.E ** 2), 12);
  });

  for (const [N, V, std] of [[3, 7, 1], [2, 5, 50], [1, 1, 1]] as const) {
    it(`backward matches central finite differences of Σ dloss·loss (float64): N=${N} V=${V} std=${std}`, () => {
      const rng = new Rng(N * 10 + V);
      const logits = toF64(rng.normalArray(N * V, std));
      const targets = Int32Array.from({ length: N }, (_, n) => (n === 1 ? -1 : rng.int(V)));
      const dlosses = toF64(rng.normalArray(N));
      const loss = () => dot(dlosses, forward(logits, targets, N, V).losses);
      const dlogits = new Float64Array(N * V);
      crossentropyBackward(dlogits, dlosses, forward(logits, targets, N, V).probs, targets, N, V);
      expect(maxGradError(dlogits, numericGrad(loss, logits, 1e-5))).toBeLessThan(1e-6);
    });
  }

  it('backward accumulates (+=)', () => {
    const N = 2, V = 3;
    const logits = toF64(new Rng(5).normalArray(N * V));
    const targets = Int32Array.from([0, 2]);
    const { probs } = forward(logits, targets, N, V);
    const d = new Float64Array(N * V);
    crossentropyBackward(d, Float64Array.from([1, 2]), probs, targets, N, V);
    const once = Float64Array.from(d);
    crossentropyBackward(d, Float64Array.from([1, 2]), probs, targets, N, V);
    for (let i = 0; i < N * V; i++) expect(d[i]).toBeCloseTo(2 * once[i], 12);
  });
});
