import { afterAll, describe, expect, it } from 'vitest';
import { geluBackward as geluBackwardCpu, geluForward as geluForwardCpu } from '../../cpu/gelu';
import { maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { geluBackward, geluForward } from './gelu';

const variants = await gpuVariants();
const worst = { forward: 0, backward: 0 };
afterAll(() => {
  console.log(`gelu max scaled |GPU−CPU|: forward ${worst.forward.toExponential(2)}, backward ${worst.backward.toExponential(2)}`);
  destroyAll(variants);
});

// Tolerance 1e-5 in |GPU−CPU| / max(1, |CPU|): float32 arithmetic plus WGSL's tanh (a few ulp of
// error allowed by the spec), against a float64 reference. Large outputs (gelu(50) = 50) are
// compared relatively, small ones absolutely.
const TOL = 1e-5;

async function gpu(rt: GpuRuntime, x: Float32Array, dout: Float32Array, dinp0: Float32Array) {
  const n = x.length;
  const v = [x, dout, new Float32Array(n), dinp0].map((a) => rt.tensorFrom(a));
  await rt.run('gelu', (rec) => {
    geluForward(rec, v[2], v[0], n);
    geluBackward(rec, v[3], v[0], v[1], n);
  });
  const [out, dinp] = (await rt.readMany([v[2], v[3]])).map((b) => new Float32Array(b));
  v.forEach((a) => rt.free(a));
  return { out, dinp };
}

async function check(rt: GpuRuntime, x: Float32Array, seed: number) {
  const n = x.length;
  const rng = new Rng(seed);
  const dout = rng.normalArray(n), dinp0 = rng.normalArray(n);
  const got = await gpu(rt, x, dout, dinp0);
  const out = new Float32Array(n), dinp = Float32Array.from(dinp0);
  geluForwardCpu(out, x, n);
  geluBackwardCpu(dinp, x, dout, n);
  const ef = maxScaledDiff(got.out, out), eb = maxScaledDiff(got.dinp, dinp);
  worst.forward = Math.max(worst.forward, ef);
  worst.backward = Math.max(worst.backward, eb);
  expect(ef).toBeLessThan(TOL);
  expect(eb).toBeLessThan(TOL);
}

describe.skipIf(variants.length === 0)('gelu kernel (GPU vs CPU)', () => {
  const rt = variants[0]?.rt; // no reduction: one runtime suffices
  for (const [n, std] of [[1, 1], [257, 1], [1000, 3], [5000, 50]] as const) {
    it(`n=${n}, inputs N(0, ${std}²): forward and accumulating backward within ${TOL}`, async () => {
      await check(rt, new Rng(n).normalArray(n, std), n + 1);
    });
  }

  it('±50 and beyond: saturated outputs, no NaN, no inf (the tanh argument is clamped)', async () => {
    const x = Float32Array.from([50, -50, 10, -10, 9.5, -9.5, 30, -30, 1e4, -1e4, 1e13, -1e13, 3e38, -3e38, 0, -0]);
    await check(rt, x, 3);
    const { out, dinp } = await gpu(rt, x, new Float32Array(x.length).fill(1), new Float32Array(x.length));
    expect([...out, ...dinp].every(Number.isFinite)).toBe(true);
    expect(out[0]).toBe(50);
    expect(out[1] === 0).toBe(true); // +0 or −0
    expect([dinp[0], dinp[1]]).toEqual([1, 0]);
  });

  it('a dense sweep of [−12, 12] where tanh saturates', async () => {
    await check(rt, Float32Array.from({ length: 2401 }, (_, i) => -12 + i * 0.01), 4);
  });
});
