import { afterAll, describe, expect, it } from 'vitest';
import { matmulBackward as backwardCpu, matmulForward as forwardCpu } from '../../cpu/matmul';
import { matmulChecks } from '../../selfcheck/checks/matmul';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { Recorder } from '../recorder';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import type { GpuView } from '../view';
import { matmulBackward, matmulForward } from './matmul';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

// Tolerance, per element, from the classical error bound of a float32 dot product (Higham,
// "Accuracy and Stability of Numerical Algorithms", eq. 3.5): |fl(Σ x_k y_k) − Σ x_k y_k| ≤
// γ_n Σ|x_k y_k| with γ_n = n·u / (1 − n·u), u = 2⁻²⁴, whatever the summation order or FMA use.
// K products + one add (bias or the accumulated gradient) + the float64 reference's own rounding
// to float32 give n = K + 2, and Σ|x y| is the same product run on |inputs| ("mag"). A tiny
// absolute term covers subnormals that WGSL implementations may flush to zero.
const U = 2 ** -24;
const gamma = (n: number) => (n * U) / (1 - n * U);

function boundViolations(got: Float32Array, want: Float32Array, mag: Float32Array, K: number): number {
  let bad = 0;
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= gamma(K + 2) * mag[i] + 1e-30)) bad += 1;
  }
  return bad;
}

const abs = (x: Float32Array) => x.map(Math.abs);

interface Case { N: number; C: number; OC: number; bias: boolean }

function inputs(seed: number, { N, C, OC }: Case, scale = 1) {
  const r = new Rng(seed);
  return {
    inp: r.normalArray(N * C, scale),
    w: r.normalArray(OC * C, scale),
    b: r.normalArray(OC, scale),
    dout: r.normalArray(N * OC, scale),
    // Non-zero starting gradients: backward must add to them, not overwrite.
    dinp0: r.normalArray(N * C),
    dw0: r.normalArray(OC * C),
    db0: r.normalArray(OC),
  };
}

type Inputs = ReturnType<typeof inputs>;

async function gpuForward(rt: GpuRuntime, x: Inputs, { N, C, OC, bias }: Case): Promise<Float32Array> {
  const inp = rt.tensorFrom(x.inp), w = rt.tensorFrom(x.w), b = rt.tensorFrom(x.b);
  const out = rt.tensorFrom(new Float32Array(N * OC).fill(1234.5)); // garbage: forward overwrites
  await rt.run('matmul fwd', (rec) => matmulForward(rec, out, inp, w, bias ? b : null, N, C, OC));
  const got = await rt.read(out);
  for (const v of [inp, w, b, out]) rt.free(v);
  return got;
}

async function gpuBackward(rt: GpuRuntime, x: Inputs, { N, C, OC, bias }: Case) {
  const t = [x.inp, x.w, x.dout, x.dinp0, x.dw0, x.db0].map((a) => rt.tensorFrom(a));
  const [inp, w, dout, dinp, dw, db] = t;
  await rt.run('matmul bwd', (rec) => matmulBackward(rec, dinp, dw, bias ? db : null, dout, inp, w, N, C, OC));
  const [gi, gw, gb] = await rt.readMany([dinp, dw, db]);
  for (const v of t) rt.free(v);
  return { dinp: new Float32Array(gi), dw: new Float32Array(gw), db: new Float32Array(gb) };
}

function cpuForward(x: Inputs, { N, C, OC, bias }: Case, absolute = false) {
  const f = absolute ? abs : (a: Float32Array) => a;
  const out = new Float32Array(N * OC);
  forwardCpu(out, f(x.inp), f(x.w), bias ? f(x.b) : null, N, C, OC);
  return out;
}

function cpuBackward(x: Inputs, { N, C, OC, bias }: Case, absolute = false) {
  const f = absolute ? abs : (a: Float32Array) => a;
  const dinp = f(x.dinp0).slice(), dw = f(x.dw0).slice(), db = f(x.db0).slice();
  backwardCpu(dinp, dw, bias ? db : null, f(x.dout), f(x.inp), f(x.w), N, C, OC);
  return { dinp, dw, db };
}

const worst = { fwd: 0, dinp: 0, dw: 0, db: 0 };
afterAll(() => console.log(`matmul max |GPU−CPU|: forward ${worst.fwd.toExponential(2)}, dinp ${worst.dinp.toExponential(2)}, dweight ${worst.dw.toExponential(2)}, dbias ${worst.db.toExponential(2)}`));

async function checkCase(rt: GpuRuntime, seed: number, cs: Case, scale = 1) {
  const x = inputs(seed, cs, scale);
  const { N, C, OC } = cs;
  const got = await gpuForward(rt, x, cs);
  const want = cpuForward(x, cs);
  worst.fwd = Math.max(worst.fwd, maxAbsDiff(got, want));
  expect(boundViolations(got, want, cpuForward(x, cs, true), C)).toBe(0);

  const g = await gpuBackward(rt, x, cs);
  const r = cpuBackward(x, cs);
  const m = cpuBackward(x, cs, true);
  worst.dinp = Math.max(worst.dinp, maxAbsDiff(g.dinp, r.dinp));
  worst.dw = Math.max(worst.dw, maxAbsDiff(g.dw, r.dw));
  expect(boundViolations(g.dinp, r.dinp, m.dinp, OC)).toBe(0);
  expect(boundViolations(g.dw, r.dw, m.dw, N)).toBe(0);
  if (cs.bias) {
    worst.db = Math.max(worst.db, maxAbsDiff(g.db, r.db));
    expect(boundViolations(g.db, r.db, m.db, N)).toBe(0);
  } else {
    expect(g.db).toEqual(x.db0); // no dbias requested: untouched
  }
}

describe.skipIf(variants.length === 0)('matmul kernel (GPU vs CPU)', () => {
  for (const v of variants) {
    describe(v.name, () => {
      // Tile is 32×32 (K step 16): sizes below, at, just above and well above a tile, OC = 1
      // (value / reward head) and OC = V = 52 (tied LM head), N, C, OC = 1.
      const cases: [number, number, number][] = [
        [1, 1, 1], [1, 48, 1], [37, 29, 1], [130, 48, 1], [7, 5, 3], [32, 16, 32], [33, 17, 33],
        [64, 48, 52], [45, 48, 144], [20, 131, 9], [3, 200, 70],
      ];
      for (const [N, C, OC] of cases) {
        for (const bias of [true, false]) {
          it(`N=${N} C=${C} OC=${OC} ${bias ? 'bias' : 'no bias'}: forward and backward within γ_{K+2}·Σ|xy|`, async () => {
            await checkCase(v.rt, N * 7919 + C * 31 + OC, { N, C, OC, bias });
          });
        }
      }

      it('extreme inputs: ±1e4 magnitudes mixed with 1e-4 (heavy cancellation), within the same bound', async () => {
        const cs = { N: 19, C: 40, OC: 23, bias: true };
        const x = inputs(5, cs, 50);
        const r = new Rng(6);
        for (const a of [x.inp, x.w, x.dout]) {
          for (let i = 0; i < a.length; i++) a[i] *= r.uniform() < 0.3 ? 200 : r.uniform() < 0.5 ? 1e-6 : 1;
        }
        const got = await gpuForward(v.rt, x, cs);
        expect(boundViolations(got, cpuForward(x, cs), cpuForward(x, cs, true), cs.C)).toBe(0);
        const g = await gpuBackward(v.rt, x, cs);
        const want = cpuBackward(x, cs), m = cpuBackward(x, cs, true);
        expect(boundViolations(g.dinp, want.dinp, m.dinp, cs.OC)).toBe(0);
        expect(boundViolations(g.dw, want.dw, m.dw, cs.N)).toBe(0);
        expect(boundViolations(g.db, want.db, m.db, cs.N)).toBe(0);
      });

      it('small integers give exact results (every index and tile edge is right)', async () => {
        // Products and sums of small integers are exact in float32, so any indexing slip shows.
        const cs = { N: 35, C: 18, OC: 34, bias: true };
        const r = new Rng(8);
        const ints = (n: number) => Float32Array.from({ length: n }, () => r.int(9) - 4);
        const x = { ...inputs(8, cs), inp: ints(cs.N * cs.C), w: ints(cs.OC * cs.C), b: ints(cs.OC), dout: ints(cs.N * cs.OC), dinp0: ints(cs.N * cs.C), dw0: ints(cs.OC * cs.C), db0: ints(cs.OC) };
        expect(await gpuForward(v.rt, x, cs)).toEqual(cpuForward(x, cs));
        const g = await gpuBackward(v.rt, x, cs), want = cpuBackward(x, cs);
        expect(g.dinp).toEqual(want.dinp);
        expect(g.dw).toEqual(want.dw);
        expect(g.db).toEqual(want.db);
      });

      it('is deterministic: the same inputs give bit-identical gradients', async () => {
        const cs = { N: 50, C: 24, OC: 40, bias: true };
        const x = inputs(12, cs);
        const a = await gpuBackward(v.rt, x, cs), b = await gpuBackward(v.rt, x, cs);
        expect(a.dinp).toEqual(b.dinp);
        expect(a.dw).toEqual(b.dw);
        expect(a.db).toEqual(b.db);
      });
    });
  }

  it('the page self-check (checks/matmul.ts) passes on every path', async () => {
    for (const v of variants) {
      for (const c of matmulChecks) {
        const err = await c.run(v.rt);
        console.log(`self-check ${v.name} ${c.what}: ${err.toExponential(2)} (tol ${c.tolerance.toExponential(2)})`);
        expect(err).toBeLessThanOrEqual(c.tolerance);
      }
    }
  });

  it('rejects views that are too short before recording anything', () => {
    const view = (length: number) => ({ length, offset: 0 }) as GpuView;
    const rec = {} as Recorder; // never reached: the size check throws first
    expect(() => matmulForward(rec, view(64), view(3), view(64), null, 2, 4, 2)).toThrow(/inp has 3/);
    expect(() => matmulBackward(rec, view(8), view(8), view(1), view(4), view(8), view(8), 2, 4, 2)).toThrow(/dbias has 1/);
  });
});
