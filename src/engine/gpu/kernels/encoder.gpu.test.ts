import { afterAll, describe, expect, it } from 'vitest';
import { encoderBackward as encoderBackwardCpu, encoderForward as encoderForwardCpu } from '../../cpu/encoder';
import { maxAbsDiff, maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { encoderBackward, encoderForward } from './encoder';

const variants = await gpuVariants();
const worst = { forward: 0, dwte: 0, dwpe: 0 };
afterAll(() => {
  console.log(`encoder max |GPU−CPU| (scaled): forward ${worst.forward.toExponential(2)}, dwte ${worst.dwte.toExponential(2)}, dwpe ${worst.dwpe.toExponential(2)}`);
  destroyAll(variants);
});

// Forward: one float32 addition of two float32s, correctly rounded on both sides → tolerance 0.
// Backward: float32 sums of up to B·S terms against float64 sums; compared as |GPU−CPU| / max(1, |CPU|)
// with tolerance 1e-5 (≈ B·S·2⁻²⁴ for the B·S ≤ 60 used here, with room for ±50 values).
const TOL_BWD = 1e-5;

interface Case { B: number; S: number; C: number; V: number; maxS: number; std: number; tokens: Int32Array }

async function gpu(rt: GpuRuntime, c: Case, wte: Float32Array, wpe: Float32Array, dout: Float32Array, dwte0: Float32Array, dwpe0: Float32Array) {
  const { B, S, C } = c;
  const v = [c.tokens, wte, wpe, dout, new Float32Array(B * S * C), dwte0, dwpe0].map((a) => rt.tensorFrom(a));
  await rt.run('encoder', (rec) => {
    encoderForward(rec, v[4], v[0], v[1], v[2], B, S, C);
    encoderBackward(rec, v[5], v[6], v[3], v[0], B, S, C);
  });
  const [out, dwte, dwpe] = (await rt.readMany(v.slice(4))).map((b) => new Float32Array(b));
  v.forEach((a) => rt.free(a));
  return { out, dwte, dwpe };
}

async function check(rt: GpuRuntime, c: Case, seed: number) {
  const { B, S, C, V, maxS, std } = c;
  const rng = new Rng(seed);
  const wte = rng.normalArray(V * C, std), wpe = rng.normalArray(maxS * C, std), dout = rng.normalArray(B * S * C, std);
  const dwte0 = rng.normalArray(V * C), dwpe0 = rng.normalArray(maxS * C); // non-zero: backward must add
  const got = await gpu(rt, c, wte, wpe, dout, dwte0, dwpe0);
  const out = new Float32Array(B * S * C), dwte = Float32Array.from(dwte0), dwpe = Float32Array.from(dwpe0);
  encoderForwardCpu(out, c.tokens, wte, wpe, B, S, C);
  encoderBackwardCpu(dwte, dwpe, dout, c.tokens, B, S, C);
  const e = { forward: maxAbsDiff(got.out, out), dwte: maxScaledDiff(got.dwte, dwte), dwpe: maxScaledDiff(got.dwpe, dwpe) };
  worst.forward = Math.max(worst.forward, e.forward);
  worst.dwte = Math.max(worst.dwte, e.dwte);
  worst.dwpe = Math.max(worst.dwpe, e.dwpe);
  expect(e.forward).toBe(0);
  expect(e.dwte).toBeLessThan(TOL_BWD);
  expect(e.dwpe).toBeLessThan(TOL_BWD);
}

function randomTokens(n: number, V: number, seed: number, outOfRange = false): Int32Array {
  const rng = new Rng(seed);
  return Int32Array.from({ length: n }, (_, i) => (outOfRange && i % 5 === 2 ? [-1, V, 1 << 30, -(1 << 30)][i % 4] : rng.int(V)));
}

describe.skipIf(variants.length === 0)('encoder kernel (GPU vs CPU)', () => {
  const rt = variants[0]?.rt; // no workgroup reduction: one runtime suffices
  const shapes: [number, number, number, number, number][] = [
    // B, S, C, V, maxS
    [1, 1, 1, 1, 1],
    [2, 5, 7, 11, 8],
    [3, 4, 48, 52, 16], // the default model's C and V
    [1, 17, 33, 5, 17], // V < S: many repeated tokens per row
    [4, 15, 3, 300, 20],
  ];
  for (const [B, S, C, V, maxS] of shapes) {
    for (const std of [1, 50]) {
      it(`B=${B} S=${S} C=${C} V=${V} std=${std}: forward exact, backward within ${TOL_BWD}`, async () => {
        await check(rt, { B, S, C, V, maxS, std, tokens: randomTokens(B * S, V, B * 1000 + S) }, B + S + C + V + std);
      });
    }
  }

  it('skips out-of-range token ids (−1, V, ±2³⁰) the same way as the CPU', async () => {
    const B = 3, S = 10, C = 6, V = 9;
    await check(rt, { B, S, C, V, maxS: S, std: 1, tokens: randomTokens(B * S, V, 5, true) }, 6);
  });

  it('the backward is deterministic: two runs give identical bits', async () => {
    const B = 4, S = 12, C = 16, V = 7;
    const c = { B, S, C, V, maxS: S, std: 1, tokens: randomTokens(B * S, V, 8) };
    const rng = new Rng(9);
    const args = [rng.normalArray(V * C), rng.normalArray(S * C), rng.normalArray(B * S * C), new Float32Array(V * C), new Float32Array(S * C)] as const;
    const a = await gpu(rt, c, ...args), b = await gpu(rt, c, ...args);
    expect(maxAbsDiff(a.dwte, b.dwte)).toBe(0);
    expect(maxAbsDiff(a.dwpe, b.dwpe)).toBe(0);
  });
});
