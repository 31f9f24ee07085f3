import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { decodeEmbed } from './decode-embed';
import { sampleNext } from './sample';

const draw = { temperature: 1, seed: 5, stream: STREAM.ppoSampling, iteration: 0, eos: 1, pad: 0 };

describe('sampleNext (CPU)', () => {
  it('draws tokens with the softmax frequencies (temperature applied)', () => {
    const B = 4000, S = 3, V = 4, P = 1;
    const row = [0.5, -1, 2, -1e9];
    for (const T of [1, 0.5]) {
      const logits = new Float32Array(B * V);
      for (let b = 0; b < B; b++) logits.set(row, b * V);
      const seq = new Int32Array(B * S).fill(7);
      sampleNext(seq, logits, B, S, V, 0, P, { ...draw, temperature: T });
      const z = row.map((x) => x / T);
      const m = Math.max(...z);
      const e = z.map((x) => Math.exp(x - m));
      const total = e.reduce((a, b) => a + b, 0);
      const counts = [0, 0, 0, 0];
      for (let b = 0; b < B; b++) counts[seq[b * S + 1]]++;
      expect(counts[3]).toBe(0); // the masked token is never drawn
      for (let j = 0; j < 3; j++) {
        const p = e[j] / total;
        const sd = Math.sqrt((p * (1 - p)) / B);
        expect(Math.abs(counts[j] / B - p)).toBeLessThan(4 * sd + 1e-9);
      }
    }
  });

  it('is reproducible from the seed, differs with seed and iteration', () => {
    const B = 64, S = 2, V = 9, P = 1;
    const logits = new Rng(1).normalArray(B * V);
    const run = (seed: number, iteration: number) => {
      const seq = new Int32Array(B * S);
      sampleNext(seq, logits, B, S, V, 0, P, { ...draw, seed, iteration });
      return Array.from(seq);
    };
    expect(run(3, 0)).toEqual(run(3, 0));
    expect(run(3, 0)).not.toEqual(run(4, 0));
    expect(run(3, 0)).not.toEqual(run(3, 1));
  });

  it('leaves prompt positions alone and pads after EOS or PAD', () => {
    const B = 3, S = 5, V = 5, P = 2;
    const logits = new Float32Array(B * V);
    const seq = Int32Array.from([4, 4, 9, 9, 9, /**/ 4, 4, 1, 9, 9, /**/ 4, 4, 0, 9, 9]);
    sampleNext(seq, logits, B, S, V, 0, P, draw); // next = 1 < P: nothing
    expect(Array.from(seq.subarray(0, 5))).toEqual([4, 4, 9, 9, 9]);
    sampleNext(seq, logits, B, S, V, 2, P, draw); // rows 1 and 2 ended (EOS, PAD)
    expect(seq[5 + 3]).toBe(0);
    expect(seq[10 + 3]).toBe(0);
    expect(seq[3]).toBeGreaterThanOrEqual(0);
    expect(seq[3]).toBeLessThan(V);
  });
});

describe('decodeEmbed (CPU)', () => {
  it('adds the token and position rows and clamps bad ids', () => {
    const B = 2, S = 3, C = 2, V = 3;
    const wte = Float32Array.from([0, 1, 10, 11, 20, 21]);
    const wpe = Float32Array.from([100, 200, 300, 400, 500, 600]);
    const seq = Int32Array.from([0, 2, 1, 1, -1, 7]);
    const out = new Float32Array(B * C);
    decodeEmbed(out, seq, wte, wpe, B, S, C, V, 1);
    expect(Array.from(out)).toEqual([320, 421, 320, 421]);
  });
});
