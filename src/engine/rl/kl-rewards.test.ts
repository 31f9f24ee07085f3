import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { K3_MAX_LOG_RATIO, klEstimate, klPerToken, lastRealToken, perTokenRewards } from './kl-rewards';

/** Mask (B,T) with row b real for its first len[b] tokens. */
function lengthsMask(lens: number[], T: number): Float32Array {
  const m = new Float32Array(lens.length * T);
  lens.forEach((len, b) => m.fill(1, b * T, b * T + len));
  return m;
}

describe('klPerToken (CPU)', () => {
  const rng = new Rng(1);
  const n = 200;
  const lp = rng.normalArray(n, 3, -2);
  const ref = rng.normalArray(n, 3, -2);
  const mask = new Float32Array(n).map((_, i) => (i % 7 === 3 ? 0 : 1));

  it('k1 = Δ, k2 = ½Δ², k3 = (r − 1) − log r with r = exp(ref − logprob), masked to 0', () => {
    for (const est of ['k1', 'k2', 'k3'] as const) {
      const kl = new Float32Array(n).fill(NaN);
      klPerToken(kl, lp, ref, mask, n, est);
      for (let i = 0; i < n; i++) {
        const d = lp[i] - ref[i];
        const r = Math.exp(ref[i] - lp[i]);
        const want = mask[i] === 0 ? 0 : est === 'k1' ? d : est === 'k2' ? 0.5 * d * d : r - 1 - Math.log(r);
        expect(Math.abs(kl[i] - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want))); // float32 storage
      }
    }
  });

  it('k3 ≥ 0 and k2 ≥ 0 everywhere; k3 ≈ Δ²/2 for small Δ without cancellation', () => {
    for (const d of [-30, -5, -1, -1e-3, -1e-7, 0, 1e-7, 1e-3, 1, 5, 30]) {
      expect(klEstimate(d, 'k3')).toBeGreaterThanOrEqual(0);
      expect(klEstimate(d, 'k2')).toBeGreaterThanOrEqual(0);
    }
    // exp(−Δ) − 1 + Δ evaluated naively in float64 loses ~all digits at Δ = 1e-7.
    expect(klEstimate(1e-7, 'k3') / (0.5e-14)).toBeCloseTo(1, 6);
    expect(klEstimate(-1e-7, 'k3') / (0.5e-14)).toBeCloseTo(1, 6);
  });

  it('the three estimators agree to second order for small Δ (Schulman 2020)', () => {
    const d = 0.01;
    expect(klEstimate(d, 'k3')).toBeCloseTo(klEstimate(d, 'k2'), 6);
  });

  it('k3 stays finite for a huge negative Δ (log r clamped at 80) and is linear for huge positive Δ', () => {
    const big = klEstimate(-500, 'k3');
    expect(Number.isFinite(big)).toBe(true);
    expect(big).toBe(Math.expm1(K3_MAX_LOG_RATIO) - K3_MAX_LOG_RATIO);
    expect(Number.isFinite(Math.fround(big))).toBe(true);
    expect(klEstimate(50, 'k3')).toBeCloseTo(49, 10); // logprob ≫ ref: r ≈ 0, k3 ≈ Δ − 1
  });

  it('garbage (NaN, ±1e9) at masked positions never leaks', () => {
    const kl = new Float32Array(3);
    klPerToken(kl, new Float32Array([NaN, -1e9, 0.5]), new Float32Array([0, 0, 0.25]), new Float32Array([0, 0, 1]), 3, 'k3');
    expect(kl[0]).toBe(0);
    expect(kl[1]).toBe(0);
    expect(kl[2]).toBeCloseTo(Math.exp(-0.25) - 1 + 0.25, 7);
  });
});

describe('perTokenRewards (CPU)', () => {
  const B = 4, T = 6;
  const rng = new Rng(2);
  const kl = rng.normalArray(B * T, 0.3);
  const scores = new Float32Array([1.5, -0.7, 9, 2]);
  const lens = [6, 3, 1, 0]; // full row, EOS inside, T=1-like row, all-masked row
  const mask = lengthsMask(lens, T);
  const hasEos = new Uint8Array([1, 1, 0, 1]);

  function run(beta: number, clip: number, penalty: number): Float32Array {
    const r = new Float32Array(B * T).fill(NaN);
    perTokenRewards(r, kl, mask, scores, hasEos, B, T, beta, clip, penalty);
    return r;
  }

  it('β = 0 leaves only the final-token score (docs/conventions.md §3 invariant)', () => {
    const r = run(0, Infinity, -1);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const last = lens[b] - 1;
        const want = t === last ? (hasEos[b] ? scores[b] : -1) : 0;
        expect(r[b * T + t]).toBeCloseTo(want, 6);
      }
    }
  });

  it('the score lands on the last real token; the rest is −β·kl·mask', () => {
    const beta = 0.2;
    const r = run(beta, Infinity, -1);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const i = b * T + t;
        let want = t < lens[b] ? -beta * kl[i] : 0;
        if (t === lens[b] - 1) want += hasEos[b] ? scores[b] : -1;
        expect(r[i]).toBeCloseTo(want, 6);
      }
    }
  });

  it('rows without EOS get the missing-EOS penalty, which is clipped too', () => {
    expect(run(0, Infinity, -3)[2 * T]).toBeCloseTo(-3, 6);
    expect(run(0, 2, -3)[2 * T]).toBeCloseTo(-2, 6);
  });

  it('clips scores to ±rewardClip', () => {
    const r = run(0, 1, -1);
    expect(r[T - 1]).toBeCloseTo(1, 6); // 1.5 → 1
    expect(r[T + 2]).toBeCloseTo(-0.7, 6); // inside the range
  });

  it('all-masked rows are all zeros, no NaN, even with NaN kl', () => {
    const klNaN = kl.slice().fill(NaN, 3 * T, 4 * T);
    const r = new Float32Array(B * T).fill(NaN);
    perTokenRewards(r, klNaN, mask, scores, hasEos, B, T, 0.5, 10, -1);
    expect([...r.subarray(3 * T)]).toEqual(new Array(T).fill(0));
    expect(r.every((y) => Number.isFinite(y))).toBe(true);
  });

  it('lastRealToken is the LAST t with mask > 0, even with holes', () => {
    expect(lastRealToken(new Float32Array([1, 0, 1, 0]), 0, 4)).toBe(2);
    expect(lastRealToken(new Float32Array([0, 0, 0, 0]), 0, 4)).toBe(-1);
    expect(lastRealToken(new Float32Array([0, 0, 0, 1]), 0, 4)).toBe(3);
  });

  it('rejects a negative rewardClip', () => {
    expect(() => run(0, -1, -1)).toThrow(RangeError);
  });
});
