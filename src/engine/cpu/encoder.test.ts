import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { encoderBackward, encoderForward } from './encoder';
import { dot, maxGradError, numericGrad, toF64 } from './testing/finite-diff';

describe('encoder (CPU reference)', () => {
  it('adds the token row and the position row (hand-computed)', () => {
    const C = 2, B = 1, S = 2;
    const wte = Float32Array.from([1, 2, 10, 20, 100, 200]); // (V=3, C=2)
    const wpe = Float32Array.from([0.5, 0.25, -1, -2, 7, 7]); // (maxS=3, C=2)
    const out = new Float32Array(B * S * C);
    encoderForward(out, Int32Array.from([2, 0]), wte, wpe, B, S, C);
    expect([...out]).toEqual([100.5, 200.25, 0, 0]);
  });

  it('skips token ids outside [0, V): position embedding only, no token gradient', () => {
    const C = 3, V = 4, B = 2, S = 2;
    const rng = new Rng(1);
    const wte = rng.normalArray(V * C), wpe = rng.normalArray(S * C);
    const tokens = Int32Array.from([-1, 4, 1, 1000]);
    const out = new Float32Array(B * S * C);
    encoderForward(out, tokens, wte, wpe, B, S, C);
    for (const bs of [0, 1, 3]) for (let c = 0; c < C; c++) expect(out[bs * C + c]).toBe(wpe[(bs % S) * C + c]);
    for (let c = 0; c < C; c++) expect(out[2 * C + c]).toBeCloseTo(wte[C + c] + wpe[c], 6);
    const dwte = new Float32Array(V * C), dwpe = new Float32Array(S * C);
    const dout = rng.normalArray(B * S * C);
    encoderBackward(dwte, dwpe, dout, tokens, B, S, C);
    for (let i = 0; i < V * C; i++) expect(dwte[i]).toBeCloseTo(Math.floor(i / C) === 1 ? dout[2 * C + (i % C)] : 0, 6);
    // every position still gets its gradient
    for (let i = 0; i < S * C; i++) expect(dwpe[i]).toBeCloseTo(dout[i] + dout[S * C + i], 6);
  });

  it('backward accumulates (+=) into dwte and dwpe', () => {
    const C = 2, B = 1, S = 3, V = 2;
    const tokens = Int32Array.from([1, 1, 0]);
    const dout = new Rng(2).normalArray(B * S * C);
    const once = [new Float32Array(V * C), new Float32Array(S * C)];
    encoderBackward(once[0], once[1], dout, tokens, B, S, C);
    const twice = [Float32Array.from(once[0]), Float32Array.from(once[1])];
    encoderBackward(twice[0], twice[1], dout, tokens, B, S, C);
    for (let k = 0; k < 2; k++) for (let i = 0; i < once[k].length; i++) expect(twice[k][i]).toBeCloseTo(2 * once[k][i], 6);
  });

  it('backward matches central finite differences of Σ w·out (float64), repeated tokens, wpe longer than S', () => {
    const C = 5, V = 7, B = 3, S = 4, maxS = 6;
    const rng = new Rng(3);
    const wte = toF64(rng.normalArray(V * C)), wpe = toF64(rng.normalArray(maxS * C));
    const tokens = Int32Array.from({ length: B * S }, (_, i) => (i * 3) % 5); // repeats; ids 5, 6 unused
    const w = toF64(rng.normalArray(B * S * C));
    const out = new Float64Array(B * S * C);
    const loss = () => { encoderForward(out, tokens, wte, wpe, B, S, C); return dot(w, out); };
    const dwte = new Float64Array(V * C), dwpe = new Float64Array(maxS * C);
    encoderBackward(dwte, dwpe, w, tokens, B, S, C);
    expect(maxGradError(dwte, numericGrad(loss, wte))).toBeLessThan(1e-6);
    expect(maxGradError(dwpe, numericGrad(loss, wpe))).toBeLessThan(1e-6);
    for (let i = S * C; i < maxS * C; i++) expect(dwpe[i]).toBe(0); // positions ≥ S untouched
  });
});
