import { afterAll, describe, expect, it } from 'vitest';
import { valueLoss as valueCpu } from '../../rl/value-loss';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { VALUE_STATS, valueLoss } from './value-loss';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

type Rt = (typeof variants)[number]['rt'];
const U = 2 ** -24; // unit roundoff of float32
const EPS = 0.2;

interface Case {
  V: Float32Array; // (B, T)
  old: Float32Array; // (B, T)
  R: Float32Array; // (B, T)
  m: Float32Array; // (B, T)
  n: number;
}

async function runGpu(rt: Rt, c: Case, eps = EPS) {
  const ins = [c.V, c.old, c.R, c.m].map((x) => rt.tensorFrom(x));
  const grad = rt.tensor(c.n), stats = rt.tensor(VALUE_STATS.length);
  await rt.run('value_loss', (rec) => valueLoss(rec, grad, stats, ins[0], ins[1], ins[2], ins[3], c.n, eps));
  const [g, s] = (await rt.readMany([grad, stats])).map((b) => new Float32Array(b));
  for (const v of [...ins, grad, stats]) rt.free(v);
  return { grad: g, stats: s };
}

/**
 * Rows of lengths `lens`; Vold and R uniform in ±50, V = Vold + uniform ±1 (ε = 0.2, so most tokens
 * sit outside the band), garbage at masked positions. V is kept ≥ 1e-3 from the band edges and from
 * the tie |V − R| = |Vc − R|, where float32 and float64 may legitimately pick different branches
 * (the kernel's error in V − R or Vc − R is below 1e-5 for these magnitudes).
 */
function makeCase(seed: number, lens: number[], T: number): Case {
  const B = lens.length, n = B * T;
  const rng = new Rng(seed);
  const old = rng.uniformArray(n, -50, 50), R = rng.uniformArray(n, -50, 50), V = new Float32Array(n), m = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // Every fourth token has R inside reach of the band, so both branches are common.
    if (i % 4 === 0) R[i] = old[i] + 2 * (2 * rng.uniform() - 1);
    for (;;) {
      V[i] = old[i] + (2 * rng.uniform() - 1);
      const vc = Math.min(Math.max(V[i], old[i] - EPS), old[i] + EPS);
      if (Math.abs(Math.abs(V[i] - old[i]) - EPS) > 1e-3 && Math.abs(Math.abs(V[i] - R[i]) - Math.abs(vc - R[i])) > 1e-3 || Math.abs(V[i] - old[i]) < EPS - 1e-3) break;
    }
  }
  lens.forEach((len, b) => {
    m.fill(1, b * T, b * T + len);
    for (let i = b * T + len; i < (b + 1) * T; i++) { V[i] = 1e30; old[i] = -1e30; R[i] = 1e30; }
  });
  return { V, old, R, m, n };
}

/**
 * Float64 reference and error bounds from WGSL's accuracy rules: V − R is one correctly rounded
 * subtraction (u), 1/Σm is within 2.5 ULP (≤ 5u) and the product rounds once (u), so the gradient
 * m·(V − R)·(1/Σm) has |ĝ − g| ≤ 7u·|g|. A loss term (x − R)² with x = V or
 * Vc = clamp(V, Vold ∓ ε) (Vold ∓ ε rounded, ε itself rounded to float32) is within
 * 4u·(|x| + |Vold| + ε + |R|)² of exact; the sum adds (n + 2)·u·Σ m·term, all over Σm and halved.
 * clipfrac is an exact count times 1/Σm (≤ 6u); the loss's own 1/Σm adds 6u to the same sum.
 */
function bounds(c: Case) {
  const grad = new Float64Array(c.n);
  const s = valueCpu(grad, Float64Array.from(c.V), Float64Array.from(c.old), Float64Array.from(c.R), Float64Array.from(c.m), c.n, EPS);
  let msum = 0, termErr = 0, absLoss = 0;
  for (let i = 0; i < c.n; i++) msum += c.m[i];
  for (let i = 0; i < c.n; i++) {
    if (c.m[i] === 0) continue;
    const big = Math.abs(c.V[i]) + Math.abs(c.old[i]) + EPS + Math.abs(c.R[i]);
    termErr += 4 * U * big * big;
    absLoss += Math.max((c.V[i] - c.R[i]) ** 2, (Math.min(Math.max(c.V[i], c.old[i] - EPS), c.old[i] + EPS) - c.R[i]) ** 2);
  }
  const inv = msum ? 1 / msum : 0;
  return { grad, s, msum, tolLoss: 0.5 * (termErr + (c.n + 8) * U * absLoss) * inv, tolClip: 6 * U };
}

async function compare(rt: Rt, c: Case) {
  const { grad, stats } = await runGpu(rt, c);
  const want = bounds(c);
  let worstGrad = 0, maxAbs = 0;
  for (let i = 0; i < c.n; i++) {
    if (Number.isNaN(grad[i])) { worstGrad = Infinity; continue; }
    const e = Math.abs(grad[i] - want.grad[i]);
    maxAbs = Math.max(maxAbs, e);
    if (c.m[i] === 0) { if (grad[i] !== 0) worstGrad = Infinity; continue; }
    worstGrad = Math.max(worstGrad, e === 0 ? 0 : e / (7 * U * Math.abs(want.grad[i])));
  }
  expect(worstGrad).toBeLessThanOrEqual(1);
  expect(stats[VALUE_STATS.maskSum]).toBe(want.msum);
  expect(Math.abs(stats[VALUE_STATS.loss] - want.s.loss)).toBeLessThanOrEqual(want.tolLoss);
  expect(Math.abs(stats[VALUE_STATS.clipfrac] - want.s.clipfrac)).toBeLessThanOrEqual(want.tolClip);
  maxAbs = Math.max(maxAbs, Math.abs(stats[0] - want.s.loss), Math.abs(stats[1] - want.s.clipfrac));
  return { maxAbs, worstGrad, clipfrac: want.s.clipfrac };
}

describe.skipIf(variants.length === 0)('value_loss kernel (GPU vs CPU)', () => {
  it('covers both reduction paths', () => {
    expect(variants.map((v) => v.name)).toContain('no-subgroups');
    if (process.env.CI === 'true') expect(variants.map((v) => v.name)).toContain('subgroups');
  });

  for (const v of variants) {
    describe(v.name, () => {
      const shapes: [string, number[], number][] = [
        ['B=1 T=1', [1], 1],
        ['B=1 T=7', [6], 7],
        ['B=4 T=33 (an all-masked row)', [33, 20, 1, 0], 33],
        ['B=8 T=64 (n = 2·WG)', [64, 64, 50, 3, 64, 10, 64, 33], 64],
        ['B=3 T=300', [300, 157, 299], 300],
      ];
      for (const [name, lens, T] of shapes) {
        it(`${name}: values and returns in ±50, gradient and stats within the rounding bounds`, async () => {
          const { maxAbs, worstGrad, clipfrac } = await compare(v.rt, makeCase(lens.length * 1000 + T, lens, T));
          console.log(`value_loss ${v.name} ${name}: max |GPU−CPU| = ${maxAbs.toExponential(2)}, grad err/bound = ${worstGrad.toExponential(2)}, clipfrac = ${clipfrac.toFixed(2)}`);
        });
      }

      it('V = Vold: clipfrac 0 and the plain ½·masked MSE', async () => {
        const c = makeCase(7, [40, 13], 40);
        c.V.set(c.old);
        const { stats } = await runGpu(v.rt, c);
        expect(stats[VALUE_STATS.clipfrac]).toBe(0);
        const want = bounds(c);
        expect(Math.abs(stats[VALUE_STATS.loss] - want.s.loss)).toBeLessThanOrEqual(want.tolLoss);
      });

      it('all-masked minibatch: loss 0, zero gradient, no NaN', async () => {
        const { grad, stats } = await runGpu(v.rt, makeCase(8, [0, 0, 0], 5));
        expect([...stats]).toEqual([0, 0, 0]);
        expect(grad.every((g) => g === 0)).toBe(true);
      });
    });
  }

  it('clipped tokens get exactly zero gradient on the GPU', async () => {
    // Outside the band towards R (tokens 0, 1): clipped. Away from R (2) and inside the band (3): not.
    const c: Case = {
      V: Float32Array.from([0.5, -0.5, 0.5, 0.125]), old: new Float32Array(4),
      R: Float32Array.from([3, -3, -1, 5]), m: Float32Array.from([1, 1, 1, 1]), n: 4,
    };
    const { grad, stats } = await runGpu(variants[0].rt, c);
    expect([...grad]).toEqual([0, 0, 1.5 / 4, (0.125 - 5) / 4]);
    expect(stats[VALUE_STATS.clipfrac]).toBe(0.5);
  });
});
