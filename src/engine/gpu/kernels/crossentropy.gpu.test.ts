import { afterAll, describe, expect, it } from 'vitest';
import { crossentropyBackward as crossentropyBackwardCpu, crossentropyForward as crossentropyForwardCpu } from '../../cpu/crossentropy';
import { maxAbsDiff, maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { crossentropyBackward, crossentropyForward } from './crossentropy';

const variants = await gpuVariants();
const worst = { losses: 0, probs: 0, dlogits: 0 };
afterAll(() => {
  console.log(`crossentropy max: losses ${worst.losses.toExponential(2)} (scaled), probs ${worst.probs.toExponential(2)}, dlogits ${worst.dlogits.toExponential(2)} (abs)`);
  destroyAll(variants);
});

// Tolerances: probs 2e-6 absolute (as softmax); losses 1e-5 relative to max(1, |loss|) — the loss
// is log s − (z_t − max) in float32, up to ~1e9 for a masked target; dlogits 1e-5 absolute
// (dloss ~ N(0,1) times probs' error, plus the float32 add into the non-zero initial gradient).
const TOL = { losses: 1e-5, probs: 2e-6, dlogits: 1e-5 };

async function gpu(rt: GpuRuntime, N: number, V: number, logits: Float32Array, targets: Int32Array, dlosses: Float32Array, dlogits0: Float32Array) {
  const v = [logits, targets, dlosses, new Float32Array(N), new Float32Array(N * V), dlogits0].map((a) => rt.tensorFrom(a));
  const [vl, vt, vd, losses, probs, dlogits] = v;
  await rt.run('crossentropy', (rec) => {
    crossentropyForward(rec, losses, probs, vl, vt, N, V);
    crossentropyBackward(rec, dlogits, vd, probs, vt, N, V);
  });
  const [l, p, d] = (await rt.readMany([losses, probs, dlogits])).map((b) => new Float32Array(b));
  v.forEach((a) => rt.free(a));
  return { losses: l, probs: p, dlogits: d };
}

async function check(rt: GpuRuntime, N: number, V: number, logits: Float32Array, targets: Int32Array, seed: number) {
  const rng = new Rng(seed);
  const dlosses = rng.normalArray(N), dlogits0 = rng.normalArray(N * V); // non-zero: backward must add
  const got = await gpu(rt, N, V, logits, targets, dlosses, dlogits0);
  const want = { losses: new Float32Array(N), probs: new Float32Array(N * V), dlogits: Float32Array.from(dlogits0) };
  crossentropyForwardCpu(want.losses, want.probs, logits, targets, N, V);
  crossentropyBackwardCpu(want.dlogits, dlosses, want.probs, targets, N, V);
  const e = { losses: maxScaledDiff(got.losses, want.losses), probs: maxAbsDiff(got.probs, want.probs), dlogits: maxAbsDiff(got.dlogits, want.dlogits) };
  for (const k of ['losses', 'probs', 'dlogits'] as const) {
    worst[k] = Math.max(worst[k], e[k]);
    expect(e[k], k).toBeLessThan(TOL[k]);
  }
  return { got, dlogits0 };
}

/** Random targets with every third row ignored (−1) and a few other out-of-range ids (V, −5). */
function targetsFor(N: number, V: number, rng: Rng): Int32Array {
  return Int32Array.from({ length: N }, (_, n) => (n % 3 === 1 ? -1 : n % 7 === 5 ? [V, -5][n % 2] : rng.int(V)));
}

describe.skipIf(variants.length === 0)('crossentropy kernel (GPU vs CPU)', () => {
  it('covers both reduction paths', () => {
    expect(variants.map((v) => v.name)).toContain('no-subgroups');
    if (process.env.CI === 'true') expect(variants.map((v) => v.name)).toContain('subgroups');
  });

  for (const v of variants) {
    describe(v.name, () => {
      const shapes: [number, number][] = [[1, 1], [1, 7], [4, 52], [3, 65], [6, 200], [2, 1000], [17, 129]];
      for (const [N, V] of shapes) {
        it(`N=${N} V=${V}, random logits, ignored and out-of-range targets`, async () => {
          const rng = new Rng(N * 1000 + V);
          await check(v.rt, N, V, rng.normalArray(N * V, 3), targetsFor(N, V, rng), N + V);
        });
      }

      it('±50 logits, −1e9 masked logits (also as the target), and ignored rows get no gradient', async () => {
        const N = 6, V = 37;
        const rng = new Rng(5);
        const logits = rng.normalArray(N * V, 50);
        for (let j = 0; j < V; j += 3) logits[V + j] = -1e9; // row 1: a third masked
        for (let j = 0; j < V; j++) if (j !== 4) logits[2 * V + j] = -1e9; // row 2: one live logit
        const targets = Int32Array.from([7, 3, 4, -1, 2, 36]); // row 1 targets a masked logit: loss ≈ 1e9
        const { got, dlogits0 } = await check(v.rt, N, V, logits, targets, 6);
        expect(got.losses[1]).toBeGreaterThan(1e8);
        expect(got.losses[2]).toBeCloseTo(0, 6);
        expect(got.losses[3]).toBe(0);
        expect([...got.dlogits.slice(3 * V, 4 * V)]).toEqual([...dlogits0.slice(3 * V, 4 * V)]); // untouched
        expect([...got.losses, ...got.probs, ...got.dlogits].every(Number.isFinite)).toBe(true);
      });
    });
  }
});
