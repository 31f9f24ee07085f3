import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { drawToken, drawUniform, sampleNext } from '../cpu/sample';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { WasmKernels } from './kernels';
import { put, putInts } from './testing/arena-copy';

// The rollout's draw in float32 (assembly/sample.ts) against the float64 reference (cpu/sample.ts):
// for the same uniform u both take the first token whose CDF exceeds u, so they may differ only
// where u lies within float32 rounding of a CDF boundary. The kernel's partial sums carry, relative
// to the reference's: exp 8U per term (4 ulp of 2⁻²³, fast-math.test.ts) plus 3U·|d_j| from
// d_j = (l_j − max)·(1/T) (two roundings and the float32 1/T), the sequential partial sum (j+1)·U,
// the lane-wise total (V/4 + 5)·U and the product u·Σe one U; U = 2⁻²⁴. So where they differ,
// |u − CDF_ref| ≤ tieBound below — that, and nothing else, is what the tests allow.
const U = 2 ** -24;
const k = WasmKernels.create();

/** The reference's CDF in float64 at every token (d_j and p_j as drawToken computes them). */
function refCdf(logits: Float32Array, o: number, V: number, invT: number): { cdf: Float64Array; d: Float64Array; p: Float64Array } {
  let m = -Infinity;
  for (let j = 0; j < V; j++) m = Math.max(m, logits[o + j] * invT);
  const d = new Float64Array(V), p = new Float64Array(V), cdf = new Float64Array(V);
  let s = 0;
  for (let j = 0; j < V; j++) { d[j] = logits[o + j] * invT - m; s += Math.exp(d[j]); }
  let acc = 0;
  for (let j = 0; j < V; j++) { p[j] = Math.exp(d[j]) / s; acc += p[j]; cdf[j] = acc; }
  return { cdf, d, p };
}

function tieBound(d: Float64Array, p: Float64Array, j: number, V: number): number {
  let terms = 0;
  for (let i = 0; i < V; i++) if (p[i] > 0) terms += p[i] * (8 * U + 3 * U * Math.abs(d[i]));
  // the partial sum to j and the total are each off by their terms' errors and their own rounding
  return 2 * terms + (j + 1 + V / 4 + 5 + 1) * U;
}

/** Kernel draws for rows of logits (rows × V) with uniforms us. */
function kernelDraws(logits: Float32Array, rows: number, V: number, temperature: number, us: number[]): Int32Array {
  const tokens = k.arena.ints(rows), e = k.arena.floats(V);
  k.x.sampleDraw(tokens.byteOffset, put(k, logits).byteOffset, putInts(k, Array.from({ length: rows }, (_, i) => i)).byteOffset, put(k, us).byteOffset, rows, V, Math.fround(1 / temperature), e.byteOffset);
  return tokens.slice();
}

/** Every difference between kernel and reference must be a tie; returns how many differed. */
function compare(logits: Float32Array, rows: number, V: number, temperature: number, us: number[]): number {
  const invT = Math.fround(1 / temperature);
  const got = kernelDraws(logits, rows, V, temperature, us);
  let differ = 0;
  for (let r = 0; r < rows; r++) {
    const want = drawToken(logits, r * V, V, invT, us[r]);
    expect(got[r] >= 0 && got[r] < V).toBe(true);
    if (got[r] === want) continue;
    differ += 1;
    const { cdf, d, p } = refCdf(logits, r * V, V, invT);
    const j = Math.min(got[r], want);
    const gap = Math.abs(us[r] - cdf[j]);
    const bound = tieBound(d, p, Math.max(got[r], want), V);
    expect(gap, `row ${r}: kernel ${got[r]}, reference ${want}, u ${us[r]}, CDF ${cdf[j]}`).toBeLessThanOrEqual(bound);
    expect(p[got[r]], 'the kernel drew a token of probability 0').toBeGreaterThan(0);
  }
  return differ;
}

describe('wasm sampling draw (float32) vs cpu/sample.ts (float64)', () => {
  it('random rows, random u: the same token except at float32 ties (200 000 draws)', () => {
    let draws = 0, differ = 0;
    for (const [V, temperature, scale] of [[52, 1, 2], [52, 0.7, 3], [7, 1, 1], [131, 1.3, 2], [5, 0.05, 1], [13, 1e3, 2], [2, 1, 0.5]] as const) {
      const rows = Math.round(200_000 / 7), r = new Rng(V * 1000 + Math.round(temperature * 100));
      const logits = r.normalArray(rows * V, scale);
      differ += compare(logits, rows, V, temperature, Array.from({ length: rows }, () => r.uniform()));
      draws += rows;
    }
    console.log(`wasm draw: ${differ} of ${draws} draws differ from the reference, all within float32 rounding of a CDF boundary`);
    expect(differ).toBeLessThan(draws * 1e-3);
  });

  it('u at and next to CDF boundaries: differences only there, and only within the bound', () => {
    const V = 9, rows = 4000, r = new Rng(77);
    const logits = r.normalArray(rows * V, 2);
    const us: number[] = [];
    for (let row = 0; row < rows; row++) {
      const { cdf } = refCdf(logits, row * V, V, 1);
      const c = Math.fround(cdf[row % (V - 1)]); // an inner boundary, as a float32
      us.push(Math.min(1 - U, Math.max(0, c + (Math.floor(row / (V - 1)) % 5 - 2) * U))); // c, c ± 1 and 2 units
    }
    const differ = compare(logits, rows, V, 1, us);
    console.log(`wasm draw at CDF boundaries: ${differ} of ${rows} differ (ties)`);
  });

  it('equal logits: boundaries k/V are exact, both agree at u = k/V and just below', () => {
    const V = 4, logits = new Float32Array(8 * V).fill(2.5);
    const us = [0, 0.25 - U, 0.25, 0.5 - U, 0.5, 0.75, 1 - U, 0.1];
    const got = Array.from(kernelDraws(logits, 8, V, 0.9, us));
    expect(got).toEqual(us.map((u, i) => drawToken(logits, i * V, V, Math.fround(1 / 0.9), u)));
    expect(got).toEqual([0, 0, 1, 1, 2, 3, 3, 0]);
  });

  it('−∞ and −1e9 logits are never drawn, even at u = 1 − 2⁻²⁴; V = 1 draws token 0; tiny temperature takes the argmax', () => {
    const V = 6, row = [-Infinity, 0.3, -1e9, 1.2, -Infinity, -1e9];
    const us = [0, 0.5, 1 - U, 0.999999, 0.3];
    const logits = Float32Array.from(us.flatMap(() => row));
    const got = Array.from(kernelDraws(logits, us.length, V, 1, us));
    for (const t of got) expect([1, 3]).toContain(t);
    expect(got[2]).toBe(3); // the last live token
    // The fallback: tokens 1–6 at e ≈ 4e-8 vanish in the sequential sum from 1 (under half an ulp)
    // but not in the lane-wise total, so u = 1 − 2⁻²⁴ lands above every partial sum: the kernel must
    // take the last token of non-zero probability (6), not the −∞ one after it.
    const fall = Float32Array.from([0, ...Array(6).fill(Math.log(4e-8)), -Infinity]);
    expect(Array.from(kernelDraws(fall, 1, 8, 1, [1 - U]))).toEqual([6]);
    expect(compare(fall, 1, 8, 1, [1 - U])).toBeLessThanOrEqual(1);
    expect(Array.from(kernelDraws(new Float32Array(3).fill(-5), 3, 1, 1, [0, 0.5, 1 - U]))).toEqual([0, 0, 0]);
    expect(Array.from(kernelDraws(Float32Array.from([0.1, 0.4, 0.3, 0.2]), 1, 4, 1e-4, [1 - U]))).toEqual([1]);
    expect(Array.from(kernelDraws(Float32Array.from([1e30, -1e30, 1e30, 0]), 4, 1, 1, [0.1, 0.6, 0.9, 0.4]).slice(0, 1))).toEqual([0]);
  });

  it('the engine (wasm kernels) writes what sampleNext writes: the same uniforms, PAD after EOS/PAD, prompts untouched', () => {
    const be = new CpuBackend({ kernels: 'wasm', threads: 1 });
    const B = 64, S = 15, P = 3, V = 52, r = new Rng(5);
    const d = { temperature: 0.8, seed: 9, stream: STREAM.ppoSampling, iteration: 3, eos: 1, pad: 0 };
    const seq0 = Int32Array.from({ length: B * S }, () => 2 + r.int(V - 2));
    const seqRef = seq0.slice(), seqWasm = be.ints(B * S);
    seqWasm.set(seq0);
    let differ = 0;
    for (let pos = 0; pos < S - 1; pos++) {
      if (pos === P + 1) for (let b = 0; b < B; b += 5) seqRef[b * S + pos] = seqWasm[b * S + pos] = b % 2 ? d.eos : d.pad; // ended rows
      const logits = r.normalArray(B * V, 2), tl = be.floats(B * V);
      tl.set(logits);
      sampleNext(seqRef, logits, B, S, V, pos, P, d);
      be.sampleNext(seqWasm, tl, B, S, V, pos, P, d);
      for (let b = 0; b < B; b++) {
        const i = b * S + pos + 1;
        if (seqWasm[i] === seqRef[i]) continue;
        // a tie: the reference's draw for this row with the same uniform, checked as above
        differ += 1;
        expect(compare(logits.subarray(b * V, (b + 1) * V), 1, V, d.temperature, [drawUniform(pos + 1, b, d)])).toBe(1);
        seqWasm[i] = seqRef[i]; // continue from the same sequence
      }
    }
    expect(differ).toBeLessThanOrEqual(2);
    expect(Array.from(seqWasm)).toEqual(Array.from(seqRef));
    for (let b = 0; b < B; b++) {
      expect(Array.from(seqWasm.subarray(b * S, b * S + P))).toEqual(Array.from(seq0.subarray(b * S, b * S + P))); // the prompt
      if (b % 5 === 0) expect(Array.from(seqWasm.subarray(b * S + P + 2, (b + 1) * S)).every((x) => x === d.pad)).toBe(true);
    }
  });
});
