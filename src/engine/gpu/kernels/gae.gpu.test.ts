import { afterAll, describe, expect, it } from 'vitest';
import { gae as gaeCpu } from '../../rl/gae';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { gaeForward, type GaeScanTile, type GaeVariant } from './gae';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

type Rt = (typeof variants)[number]['rt'];
const U = 2 ** -24; // unit roundoff of float32

interface Case {
  r: Float32Array; // (B, T)
  V: Float32Array; // (B, T)
  m: Float32Array; // (B, T)
  B: number;
  T: number;
}

async function runGpu(rt: Rt, c: Case, gamma: number, lambda: number, variant: GaeVariant, tile?: GaeScanTile) {
  const r = rt.tensorFrom(c.r), V = rt.tensorFrom(c.V), m = rt.tensorFrom(c.m);
  const adv = rt.tensor(c.B * c.T), ret = rt.tensor(c.B * c.T);
  await rt.run('gae', (rec) => gaeForward(rec, adv, ret, r, V, m, c.B, c.T, gamma, lambda, variant, tile));
  const [a, R] = (await rt.readMany([adv, ret])).map((b) => new Float32Array(b));
  for (const v of [r, V, m, adv, ret]) rt.free(v);
  return { adv: a, ret: R };
}

/**
 * Rows of lengths `lens` (prefix masks), rewards and values uniform in ±`scale`, and garbage (±1e30)
 * at masked positions, which must never leak into the outputs.
 */
function makeCase(seed: number, lens: number[], T: number, scale = 50): Case {
  const B = lens.length;
  const rng = new Rng(seed);
  const r = rng.uniformArray(B * T, -scale, scale), V = rng.uniformArray(B * T, -scale, scale), m = new Float32Array(B * T);
  lens.forEach((len, b) => {
    m.fill(1, b * T, b * T + len);
    r.fill(1e30, b * T + len, (b + 1) * T);
    V.fill(-1e30, b * T + len, (b + 1) * T);
  });
  return { r, V, m, B, T };
}

/**
 * Float64 reference plus a rounding-error bound for each output. Any evaluation order of
 * A_t = Σ_k (Π c)·δ_k (the sequential recurrence or the scan's re-associated compositions) uses at
 * most ~3(T − t) roundings along each term's path (products of c's, the three-term δ, the sums), so
 * |Â_t − A_t| ≤ (3T + 16)·u·S_t with S_t = Σ_k (Π|c|)·(|r_k| + γ|V_{k+1}| + |V_k|) — the standard
 * worst-case bound for recurrences (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1),
 * relative to the sum of absolute terms, which is what "relative for long T" means here. The extra
 * 16 covers γ and γλ being rounded to float32 on the way in and the log2 WG Hillis–Steele levels.
 * Returns add u·(|A| + |V|).
 */
function reference(c: Case, gamma: number, lambda: number) {
  const { B, T } = c;
  const adv = new Float64Array(B * T), ret = new Float64Array(B * T);
  gaeCpu(adv, ret, Float64Array.from(c.r), Float64Array.from(c.V), Float64Array.from(c.m), B, T, gamma, lambda);
  const tolA = new Float64Array(B * T), tolR = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    let S = 0;
    for (let t = T - 1; t >= 0; t--) {
      const i = b * T + t;
      if (c.m[i] === 0) { S = 0; continue; }
      const mNext = t + 1 < T ? c.m[i + 1] : 0;
      const vNext = mNext !== 0 ? Math.abs(c.V[i + 1]) : 0;
      S = Math.abs(c.r[i]) + gamma * vNext + Math.abs(c.V[i]) + gamma * lambda * mNext * S;
      tolA[i] = (3 * T + 16) * U * S;
      tolR[i] = tolA[i] + U * (Math.abs(adv[i]) + Math.abs(c.V[i]));
    }
  }
  return { adv, ret, tolA, tolR };
}

/** Largest |got − want| / tol (≤ 1 passes); masked outputs must be exactly 0. */
function worstRatio(got: Float32Array, want: Float64Array, tol: Float64Array, mask: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    if (Number.isNaN(got[i])) return Infinity;
    if (mask[i] === 0) { if (got[i] !== 0) return Infinity; continue; }
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / tol[i]);
  }
  return worst;
}

async function check(rt: Rt, c: Case, gamma: number, lambda: number, variant: GaeVariant, tile?: GaeScanTile) {
  const got = await runGpu(rt, c, gamma, lambda, variant, tile);
  const want = reference(c, gamma, lambda);
  const ra = worstRatio(got.adv, want.adv, want.tolA, c.m), rr = worstRatio(got.ret, want.ret, want.tolR, c.m);
  let maxAbs = 0;
  for (let i = 0; i < got.adv.length; i++) maxAbs = Math.max(maxAbs, Math.abs(got.adv[i] - want.adv[i]), Math.abs(got.ret[i] - want.ret[i]));
  return { ra, rr, maxAbs };
}

const GL: [number, number][] = [[0.99, 0.95], [1, 1]];

describe.skipIf(variants.length === 0)('gae kernels: gae.wgsl (sequential) and gae_scan.wgsl (affine scan), GPU vs CPU', () => {
  for (const v of variants) {
    describe(v.name, () => {
      for (const variant of ['sequential', 'scan'] as const) {
        for (const T of [1, 7, 64, 65, 300, 1024]) {
          for (const [gamma, lambda] of GL) {
            it(`${variant} T=${T} γ=${gamma} λ=${lambda}, rewards ±50: within (3T+16)·u·Σ|terms|`, async () => {
              // Rows: full, about half, a single token, fully masked.
              const c = makeCase(T * 7 + (gamma === 1 ? 1 : 0), [T, Math.ceil(T / 2), 1, 0], T);
              const { ra, rr, maxAbs } = await check(v.rt, c, gamma, lambda, variant);
              console.log(`gae ${v.name} ${variant} T=${T} γλ=${(gamma * lambda).toFixed(4)}: max |GPU−CPU| = ${maxAbs.toExponential(2)}, max err/bound = ${Math.max(ra, rr).toExponential(2)}`);
              expect(ra).toBeLessThanOrEqual(1);
              expect(rr).toBeLessThanOrEqual(1);
            });
          }
        }
      }

      it('B=1 and B=70 (more rows than one sequential workgroup), both variants', async () => {
        for (const lens of [[33], Array.from({ length: 70 }, (_, b) => (b * 5) % 34)]) {
          const c = makeCase(lens.length, lens, 33);
          for (const variant of ['sequential', 'scan'] as const) {
            const { ra, rr } = await check(v.rt, c, 0.99, 0.95, variant);
            expect(Math.max(ra, rr)).toBeLessThanOrEqual(1);
          }
        }
      });
    });
  }

  // The scan's chunking and Hillis–Steele levels depend on the tile, not on the reduction path.
  it('scan gives the same answer for other tiles (many chunks, one invocation, one item each)', async () => {
    const rt = variants[0].rt;
    const c = makeCase(5, [300, 129, 8, 0], 300);
    for (const tile of [{ wg: 4, items: 2 }, { wg: 32, items: 1 }, { wg: 1, items: 3 }, { wg: 8, items: 7 }]) {
      const { ra, rr } = await check(rt, c, 0.99, 0.95, 'scan', tile);
      expect(Math.max(ra, rr), `tile ${tile.wg}×${tile.items}`).toBeLessThanOrEqual(1);
    }
  });

  it('γ = λ = 1 and V ≡ 0 give reversed cumulative sums of rewards on both variants', async () => {
    const rt = variants[0].rt;
    const T = 100;
    const c = makeCase(6, [100, 40], T, 1);
    c.V.fill(0);
    // Integer rewards keep every partial sum exact in float32, so the invariant holds exactly.
    for (let i = 0; i < c.r.length; i++) c.r[i] = c.m[i] ? Math.round(c.r[i] * 10) : 0;
    for (const variant of ['sequential', 'scan'] as const) {
      const { ret, adv } = await runGpu(rt, c, 1, 1, variant);
      for (let b = 0; b < 2; b++) {
        let cum = 0;
        for (let t = T - 1; t >= 0; t--) {
          cum += c.r[b * T + t];
          expect(ret[b * T + t]).toBe(cum);
          expect(adv[b * T + t]).toBe(cum);
        }
      }
    }
  });

  it('rejects bad arguments', async () => {
    const rt = variants[0].rt;
    const x = rt.tensor(4);
    const rec = rt.begin('bad');
    expect(() => gaeForward(rec, x, x, x, x, x, 1, 4, 1.5, 0.9, 'scan')).toThrow(RangeError);
    expect(() => gaeForward(rec, x, x, x, x, x, 2, 4, 0.9, 0.9, 'sequential')).toThrow(RangeError);
    expect(() => gaeForward(rec, x, x, x, x, x, 1, 4, 0.9, 0.9, 'scan', { wg: 0, items: 1 })).toThrow(RangeError);
    await rt.submit(rec);
    rt.free(x);
  });
});
