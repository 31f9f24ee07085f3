import { afterAll, describe, expect, it } from 'vitest';
import type { GrpoLossOptions } from '../../model/rl-options';
import { grpoLoss as cpu, GRPO_LOSS_TYPES } from '../../rl/grpo-loss';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { GRPO_STATS, grpoLoss } from './grpo-loss';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));
type Rt = (typeof variants)[number]['rt'];
const U = 2 ** -24;
const BASE: GrpoLossOptions = { epsilonLow: 0.2, epsilonHigh: 0.28, beta: 0.04, lossType: 'grpo', maxCompletionLength: 0, numItemsInBatch: 0 };

interface Case { lp: Float32Array; old: Float32Array; ref: Float32Array; A: Float32Array; m: Float32Array; B: number; T: number }

/**
 * Rows of lengths `lens`; log-ratios in ±spread (some exactly ±spread), kept ≥ 1e-3 (relative) from
 * the kinks 1 − ε_low and 1 + ε_high where float32 and float64 may pick different branches; reference
 * log-probs within ±refSpread of the policy's; advantages in ±aScale; garbage where masked.
 */
function makeCase(seed: number, lens: number[], T: number, spread = 3, refSpread = 4, aScale = 5): Case {
  const B = lens.length, n = B * T, rng = new Rng(seed);
  const lp = new Float32Array(n), old = new Float32Array(n), ref = new Float32Array(n), m = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    old[i] = -10 * rng.uniform();
    let d: number;
    do d = i % 9 === 2 ? spread : i % 9 === 3 ? -spread : spread * (2 * rng.uniform() - 1);
    while (Math.abs(Math.exp(d) / 0.8 - 1) < 1e-3 || Math.abs(Math.exp(d) / 1.28 - 1) < 1e-3);
    lp[i] = old[i] + d;
    ref[i] = lp[i] + refSpread * (2 * rng.uniform() - 1);
  }
  const A = rng.uniformArray(B, -aScale, aScale);
  lens.forEach((len, b) => {
    m.fill(1, b * T, b * T + len);
    for (let i = b * T + len; i < (b + 1) * T; i++) { lp[i] = 1e30; old[i] = -1e30; ref[i] = 1e30; }
  });
  return { lp, old, ref, A, m, B, T };
}

async function runGpu(rt: Rt, c: Case, o: GrpoLossOptions) {
  const ins = [c.lp, c.old, c.ref, c.A, c.m].map((x) => rt.tensorFrom(x));
  const grad = rt.tensor(c.B * c.T), stats = rt.tensor(GRPO_STATS.length);
  await rt.run('grpo_loss', (rec) => grpoLoss(rec, grad, stats, ins[0], ins[1], ins[2], ins[3], ins[4], c.B, c.T, o));
  const [g, s] = (await rt.readMany([grad, stats])).map((b) => new Float32Array(b));
  for (const v of [...ins, grad, stats]) rt.free(v);
  return { grad: g, stats: s };
}

/**
 * Float64 reference on the same float32 inputs. Error bound per token (u = 2^-24, 1 ULP ≤ 2u; WGSL
 * exp within 3 + 2|x| ULP, 1/x within 2.5 ULP): with the token's weight w (1/(B·len), 1/Σm,
 * 1/(B·T) or 1/num_items, computed here independently),
 *   |ĝ − g| ≤ w·[(12 + 4|Δ|)·2u·|A·ρ| + (8 + 4|d|)·2u·β·e^d + 2u·β] + 8u·|g|,
 * Δ = ℓ − ℓ_old, d = ℓ_ref − ℓ. Sums over n tokens (loss, kl) add (n + 2)·u·Σ|term| in any order
 * (Higham §4.2); clip fractions are counts below 2^24 (exact) times 1/Σm.
 */
function compare(got: Awaited<ReturnType<typeof runGpu>>, c: Case, o: GrpoLossOptions) {
  const n = c.B * c.T, want = new Float64Array(n);
  const s = cpu(want, Float64Array.from(c.lp), Float64Array.from(c.old), Float64Array.from(c.ref), Float64Array.from(c.A), Float64Array.from(c.m), c.B, c.T, o);
  let msum = 0;
  for (let i = 0; i < n; i++) msum += c.m[i];
  const weight = (b: number) => {
    let len = 0;
    for (let t = 0; t < c.T; t++) len += c.m[b * c.T + t];
    return { grpo: 1 / (c.B * Math.max(1, len)), bnpo: 1 / Math.max(1, msum), dr_grpo: 1 / (c.B * o.maxCompletionLength), dapo: 1 / Math.max(1, o.numItemsInBatch) }[o.lossType];
  };
  let absLoss = 0, absKl = 0, worst = 0;
  for (let i = 0; i < n; i++) {
    if (!c.m[i]) { expect(got.grad[i]).toBe(0); continue; }
    const b = Math.floor(i / c.T), w = weight(b), D = c.lp[i] - c.old[i], d = c.ref[i] - c.lp[i];
    const policy = Math.abs(c.A[b]) * Math.exp(D), kl = o.beta * Math.exp(d);
    const tol = w * ((12 + 4 * Math.abs(D)) * 2 * U * policy + (8 + 4 * Math.abs(d)) * 2 * U * kl + 2 * U * o.beta) + 8 * U * Math.abs(want[i]);
    const err = Math.abs(got.grad[i] - want[i]);
    worst = Math.max(worst, err / tol);
    absLoss += w * (policy * 1.3 + o.beta * (Math.exp(d) + Math.abs(d) + 1));
    absKl += Math.exp(d) + Math.abs(d) + 1;
  }
  expect(worst, 'gradient error / bound').toBeLessThanOrEqual(1);
  expect(got.stats[GRPO_STATS.maskSum]).toBe(msum);
  expect(Math.abs(got.stats[GRPO_STATS.loss] - s.loss)).toBeLessThanOrEqual((n + 40) * U * absLoss);
  expect(Math.abs(got.stats[GRPO_STATS.kl] - s.kl)).toBeLessThanOrEqual(((n + 40) * U * absKl) / Math.max(1, msum));
  for (const k of ['clipLow', 'clipHigh', 'clipRegion'] as const) expect(Math.abs(got.stats[GRPO_STATS[k]] - s[k])).toBeLessThanOrEqual(6 * U);
  return { worst, loss: s.loss, region: s.clipRegion };
}

describe.skipIf(variants.length === 0)('grpo_loss kernel (GPU vs CPU)', () => {
  for (const v of variants) {
    describe(v.name, () => {
      const shapes: [string, number[], number][] = [
        ['B=1 T=1', [1], 1],
        ['B=4 T=9 (an all-masked row)', [9, 4, 0, 1], 9],
        ['B=16 T=24 (n > WG)', [24, 3, 17, 24, 1, 9, 24, 12, 5, 24, 8, 2, 24, 19, 6, 24], 24],
      ];
      for (const [name, lens, T] of shapes) {
        for (const lossType of GRPO_LOSS_TYPES) {
          it(`${name} ${lossType}: gradient and stats within the float32 bounds`, async () => {
            const c = makeCase(lens.length * 100 + T, lens, T);
            const o = { ...BASE, lossType, maxCompletionLength: T, numItemsInBatch: 3 * lens.reduce((a, b) => a + b, 0) };
            const r = compare(await runGpu(v.rt, c, o), c, o);
            console.log(`grpo_loss ${v.name} ${name} ${lossType}: err/bound ${r.worst.toExponential(2)}, loss ${r.loss.toFixed(4)}, clip region ${r.region.toFixed(2)}`);
          });
        }
      }

      it('extreme inputs: log-ratios ±8 (ratios e^±8), A ±50, reference ±40 nats away, β = 0.5', async () => {
        const c = makeCase(77, [32, 7, 32, 1], 32, 8, 40, 50);
        const o = { ...BASE, beta: 0.5, lossType: 'bnpo' as const, maxCompletionLength: 32, numItemsInBatch: 100 };
        compare(await runGpu(v.rt, c, o), c, o);
      });

      it('first update (ℓ = ℓ_old = ℓ_ref): ratio ≡ 1, KL and clip fractions exactly 0', async () => {
        const c = makeCase(5, [6, 2, 6], 6);
        c.lp.set(c.old);
        c.ref.set(c.old);
        const { stats } = await runGpu(v.rt, c, { ...BASE, lossType: 'grpo', maxCompletionLength: 6, numItemsInBatch: 14 });
        expect(stats[GRPO_STATS.kl]).toBe(0);
        expect(stats[GRPO_STATS.clipRegion]).toBe(0);
      });

      it('all-masked: zero gradient and zero stats, no NaN', async () => {
        const c = makeCase(8, [0, 0], 5);
        const { grad, stats } = await runGpu(v.rt, c, { ...BASE, lossType: 'grpo', maxCompletionLength: 5, numItemsInBatch: 0 });
        expect([...stats]).toEqual([0, 0, 0, 0, 0, 0]);
        expect(grad.every((g) => g === 0)).toBe(true);
      });
    });
  }
});
