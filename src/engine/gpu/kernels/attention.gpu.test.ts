import { afterAll, describe, expect, it } from 'vitest';
import {
  attentionBackward as backwardCpu, attentionBackwardErrorBound, attentionForward as forwardCpu, attentionForwardErrorBound,
} from '../../cpu/attention';
import { attentionChecks } from '../../selfcheck/checks/attention';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { attentionBackward, attentionForward } from './attention';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

interface Dims { B: number; S: number; C: number; NH: number }

/** Everything one forward + backward needs; the gradients start non-zero (backward accumulates). */
function inputs(seed: number, { B, S, C, NH }: Dims, qkScale = 1) {
  const r = new Rng(seed);
  const qkv = r.normalArray(B * S * 3 * C);
  // Scale q and k only: scores grow as qkScale², values stay O(1).
  for (let i = 0; i < qkv.length; i++) if (i % (3 * C) < 2 * C) qkv[i] *= qkScale;
  const A = B * NH * S * S;
  return { qkv, dout: r.normalArray(B * S * C), dqkv0: r.normalArray(B * S * 3 * C), dpre0: r.normalArray(A), datt0: r.normalArray(A) };
}
type Inputs = ReturnType<typeof inputs>;

function cpuForward(qkv: Float32Array, { B, S, C, NH }: Dims) {
  const out = new Float32Array(B * S * C), preatt = new Float32Array(B * NH * S * S), att = new Float32Array(B * NH * S * S);
  forwardCpu(out, preatt, att, qkv, B, S, C, NH);
  return { out, preatt, att };
}

function cpuBackward(x: Inputs, att: Float32Array, { B, S, C, NH }: Dims) {
  const dqkv = x.dqkv0.slice(), dpreatt = x.dpre0.slice(), datt = x.datt0.slice();
  backwardCpu(dqkv, dpreatt, datt, x.dout, x.qkv, att, B, S, C, NH);
  return { dqkv, dpreatt, datt };
}

async function gpuForward(rt: GpuRuntime, qkv: Float32Array, { B, S, C, NH }: Dims) {
  const q = rt.tensorFrom(qkv);
  const garbage = (n: number) => rt.tensorFrom(new Float32Array(n).fill(777)); // every element must be written
  const out = garbage(B * S * C), preatt = garbage(B * NH * S * S), att = garbage(B * NH * S * S);
  await rt.run('attention fwd', (rec) => attentionForward(rec, out, preatt, att, q, B, S, C, NH));
  const [o, p, a] = (await rt.readMany([out, preatt, att])).map((b) => new Float32Array(b));
  for (const v of [q, out, preatt, att]) rt.free(v);
  return { out: o, preatt: p, att: a };
}

async function gpuBackward(rt: GpuRuntime, x: Inputs, att: Float32Array, { B, S, C, NH }: Dims) {
  const views = [x.dout, x.qkv, att, x.dqkv0, x.dpre0, x.datt0].map((a) => rt.tensorFrom(a));
  const [dout, qkv, a, dqkv, dpreatt, datt] = views;
  await rt.run('attention bwd', (rec) => attentionBackward(rec, dqkv, dpreatt, datt, dout, qkv, a, B, S, C, NH));
  const [g, p, d] = (await rt.readMany([dqkv, dpreatt, datt])).map((b) => new Float32Array(b));
  for (const v of views) rt.free(v);
  return { dqkv: g, dpreatt: p, datt: d };
}

// Tolerance, per element: the first-order float32 error bounds of cpu/attention.ts
// (attentionForwardErrorBound / attentionBackwardErrorBound), derived from the inputs, not fitted.
function bounds(x: Inputs, att: Float32Array, { B, S, C, NH }: Dims) {
  const A = B * NH * S * S;
  const f = { out: new Float64Array(B * S * C), preatt: new Float64Array(A), att: new Float64Array(A) };
  attentionForwardErrorBound(f.out, f.preatt, f.att, x.qkv, B, S, C, NH);
  const g = { dqkv: new Float64Array(B * S * 3 * C), dpreatt: new Float64Array(A), datt: new Float64Array(A) };
  attentionBackwardErrorBound(g.dqkv, g.dpreatt, g.datt, x.dout, x.qkv, att, x.dqkv0, x.dpre0, x.datt0, B, S, C, NH);
  return { ...f, ...g };
}

/** How many elements break their bound (the first few are logged). */
function violations(name: string, got: Float32Array, want: Float32Array, bound: Float64Array): number {
  let bad = 0;
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= bound[i] + 1e-30)) {
      if (bad++ < 3) console.log(`${name}[${i}]: GPU ${got[i]} CPU ${want[i]} bound ${bound[i]}`);
    }
  }
  return bad;
}

const worst: Record<string, number> = { out: 0, preatt: 0, att: 0, dqkv: 0, dpreatt: 0, datt: 0 };
afterAll(() => console.log(`attention max |GPU−CPU|: ${Object.entries(worst).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`));

async function checkBoth(rt: GpuRuntime, seed: number, d: Dims, qkScale = 1) {
  const x = inputs(seed, d, qkScale);
  const want = cpuForward(x.qkv, d);
  const got = await gpuForward(rt, x.qkv, d);
  const gWant = cpuBackward(x, want.att, d);
  const gGot = await gpuBackward(rt, x, want.att, d);
  const bound = bounds(x, want.att, d);
  const all = { ...got, ...gGot }, ref = { ...want, ...gWant };
  for (const k of Object.keys(worst) as (keyof typeof all)[]) {
    worst[k] = Math.max(worst[k], maxAbsDiff(all[k], ref[k]));
    expect(violations(k, all[k], ref[k], bound[k]), `${k} elements outside their error bound`).toBe(0);
  }
  // Masked (t2 > t) entries: forward writes 0, backward leaves the gradients untouched.
  const { B, S, NH } = d;
  for (let i = 0; i < B * NH * S * S; i++) {
    if (i % S > Math.floor(i / S) % S) {
      expect(got.att[i]).toBe(0);
      expect(got.preatt[i]).toBe(0);
      expect(gGot.datt[i]).toBe(x.datt0[i]);
      expect(gGot.dpreatt[i]).toBe(x.dpre0[i]);
    }
  }
  return { got, gGot };
}

describe.skipIf(variants.length === 0)('attention kernels (GPU vs CPU)', () => {
  for (const v of variants) {
    describe(v.name, () => {
      // S = 1 and B = 1; odd head size 3; the model's shape (C=48, NH=4) at S = 64; S = 70 (rows of
      // one (b, h) span workgroups); hs = 64 with one head; B·NH·S not a multiple of 64.
      const shapes: [number, number, number, number][] = [
        [1, 1, 4, 1], [2, 7, 9, 3], [1, 64, 48, 4], [1, 70, 16, 2], [3, 5, 64, 1], [2, 33, 32, 2],
      ];
      for (const [B, S, C, NH] of shapes) {
        it(`B=${B} S=${S} C=${C} NH=${NH}: forward and backward within per-element float32 bounds`, async () => {
          await checkBoth(v.rt, B * 1009 + S * 101 + C * 7 + NH, { B, S, C, NH });
        });
      }

      for (const qkScale of [10, 60]) {
        it(`extreme scores (q, k scaled ×${qkScale}: |preatt| up to ~${qkScale === 10 ? '±50' : '±2e3'}, near one-hot att) stay finite and within bound`, async () => {
          const d = { B: 2, S: 17, C: 16, NH: 2 };
          const { got, gGot } = await checkBoth(v.rt, 31 + qkScale, d, qkScale);
          for (const a of [got.out, got.att, got.preatt, gGot.dqkv, gGot.dpreatt, gGot.datt]) expect(a.every(Number.isFinite)).toBe(true);
          expect(Math.max(...got.att)).toBeGreaterThan(0.999); // saturated somewhere
        });
      }

      it('is deterministic: repeated backward passes are bit-identical', async () => {
        const d = { B: 1, S: 12, C: 8, NH: 2 };
        const x = inputs(4, d);
        const { att } = cpuForward(x.qkv, d);
        const a = await gpuBackward(v.rt, x, att, d), b = await gpuBackward(v.rt, x, att, d);
        expect(a.dqkv).toEqual(b.dqkv);
        expect(a.dpreatt).toEqual(b.dpreatt);
      });
    });
  }

  it('the page self-check (checks/attention.ts) passes on every path', async () => {
    for (const v of variants) {
      for (const c of attentionChecks) {
        const err = await c.run(v.rt);
        console.log(`self-check ${v.name} ${c.what}: ${err.toExponential(2)} (tol ${c.tolerance.toExponential(2)})`);
        expect(err).toBeLessThanOrEqual(c.tolerance);
      }
    }
  });
});
