import { afterAll, describe, expect, it } from 'vitest';
import { logprobsBackward as backwardCpu, logprobsForward as forwardCpu } from '../../rl/logprobs';
import { maxAbsDiff, maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { logprobsBackward, logprobsForward } from './logprobs';

const variants = await gpuVariants();
const worst = { lp: 0, ent: 0, dlogits: 0 };
afterAll(() => {
  console.log(`logprobs worst |GPU−CPU|: logprob (scaled) ${worst.lp.toExponential(2)}, entropy ${worst.ent.toExponential(2)}, dlogits ${worst.dlogits.toExponential(2)}`);
  destroyAll(variants);
});

// Tolerances (float32 kernel vs float64 reference): logprobs are compared scaled (absolute below
// 1, relative above: with ±50 logits at temperature 0.7 they reach ~−150, where one float32 ulp
// is ~1e-5); entropy and dlogits absolute.
const TOL_LOGPROB = 1e-5;
const TOL_ENTROPY = 1e-5;
const TOL_DLOGITS = 1e-5;

interface Problem {
  B: number; T: number; P: number; V: number; S: number; temp: number;
  logits: Float32Array; seq: Int32Array; g: Float32Array; h: Float32Array; prior: Float32Array;
}

function problem(seed: number, B: number, T: number, P: number, V: number, temp: number, scale = 3): Problem {
  const S = P + T;
  const rng = new Rng(seed);
  const seq = new Int32Array(B * S).map(() => rng.int(V));
  return {
    B, T, P, V, S, temp, seq,
    logits: rng.normalArray(B * S * V, scale),
    g: rng.normalArray(B * T),
    h: rng.normalArray(B * T),
    prior: rng.normalArray(B * S * V), // dlogits before backward: it must accumulate
  };
}

async function gpu(rt: GpuRuntime, q: Problem) {
  const { B, T, S, P, V, temp } = q;
  const logits = rt.tensorFrom(q.logits), seq = rt.tensorFrom(q.seq);
  const lp = rt.tensor(B * T), ent = rt.tensor(B * T);
  const g = rt.tensorFrom(q.g), h = rt.tensorFrom(q.h), dlogits = rt.tensorFrom(q.prior);
  await rt.run('logprobs test', (rec) => {
    logprobsForward(rec, lp, ent, logits, seq, B, T, S, P, V, temp);
    logprobsBackward(rec, dlogits, g, h, logits, seq, B, T, S, P, V, temp);
  });
  const [a, b, c] = await rt.readMany([lp, ent, dlogits]);
  for (const v of [logits, seq, lp, ent, g, h, dlogits]) rt.free(v);
  return { lp: new Float32Array(a), ent: new Float32Array(b), dlogits: new Float32Array(c) };
}

function cpu(q: Problem) {
  const { B, T, S, P, V, temp } = q;
  const lp = new Float32Array(B * T), ent = new Float32Array(B * T), dlogits = q.prior.slice();
  forwardCpu(lp, ent, q.logits, q.seq, B, T, S, P, V, temp);
  backwardCpu(dlogits, q.g, q.h, q.logits, q.seq, B, T, S, P, V, temp);
  return { lp, ent, dlogits };
}

async function compare(rt: GpuRuntime, q: Problem) {
  const got = await gpu(rt, q), want = cpu(q);
  const err = {
    lp: maxScaledDiff(got.lp, want.lp),
    ent: maxAbsDiff(got.ent, want.ent),
    dlogits: maxAbsDiff(got.dlogits, want.dlogits),
  };
  for (const k of ['lp', 'ent', 'dlogits'] as const) worst[k] = Math.max(worst[k], err[k]);
  expect(err.lp).toBeLessThan(TOL_LOGPROB);
  expect(err.ent).toBeLessThan(TOL_ENTROPY);
  expect(err.dlogits).toBeLessThan(TOL_DLOGITS);
  return { got, want, err };
}

describe.skipIf(variants.length === 0)('logprobs kernel (GPU vs CPU)', () => {
  it('covers both reduction paths', () => {
    expect(variants.map((v) => v.name)).toContain('no-subgroups');
    if (process.env.CI === 'true') expect(variants.map((v) => v.name)).toContain('subgroups');
  });

  for (const v of variants) {
    describe(v.name, () => {
      // (B, T, P, V): B=1, T=1, V=1, V not a multiple of WG (64), V > 2·WG.
      const shapes: [number, number, number, number][] = [[1, 1, 1, 1], [1, 1, 1, 7], [2, 3, 2, 65], [3, 4, 1, 130], [1, 5, 3, 64]];
      for (const [B, T, P, V] of shapes) {
        for (const temp of [1, 0.7, 1.6]) {
          it(`B=${B} T=${T} P=${P} V=${V} temperature=${temp}`, async () => {
            await compare(v.rt, problem(B * 1000 + T * 100 + V + Math.round(temp * 10), B, T, P, V, temp));
          });
        }
      }

      it('±50 logits and −1e9 masks (including a masked taken token and a one-live-token row)', async () => {
        const q = problem(17, 2, 3, 2, 70, 0.7, 50);
        const row = (b: number, t: number) => (b * q.S + q.P + t - 1) * q.V;
        for (let j = 0; j < q.V; j += 3) q.logits[row(0, 0) + j] = -1e9;
        q.logits[row(0, 1) + q.seq[q.P + 1]] = -1e9; // the sampled token itself masked
        for (let j = 0; j < q.V; j++) q.logits[row(1, 2) + j] = j === q.seq[q.S + q.P + 2] ? 0.5 : -1e9;
        const { got } = await compare(v.rt, q);
        expect(got.lp[1]).toBeLessThan(-1e9); // −1e9 / 0.7, finite
        expect(got.lp[5]).toBeCloseTo(0, 6);
        expect(got.ent[5]).toBeCloseTo(0, 6);
      });

      it('−inf logits: live tokens stay finite and nothing is NaN', async () => {
        const q = problem(23, 1, 2, 1, 33, 1);
        for (let j = 1; j < q.V; j += 2) q.logits[j] = -Infinity; // row read by t=0
        q.seq[1] = 0; // a live token
        const got = await gpu(v.rt, q), want = cpu(q);
        expect(got.lp.every(Number.isFinite) && got.ent.every(Number.isFinite)).toBe(true);
        expect(got.dlogits.every((y) => !Number.isNaN(y))).toBe(true);
        expect(maxScaledDiff(got.lp, want.lp)).toBeLessThan(TOL_LOGPROB);
        expect(maxAbsDiff(got.ent, want.ent)).toBeLessThan(TOL_ENTROPY);
        expect(maxAbsDiff(got.dlogits, want.dlogits)).toBeLessThan(TOL_DLOGITS);
      });

      it('backward accumulates and leaves prompt rows, the last position and masked rows bit-identical', async () => {
        const q = problem(31, 2, 3, 3, 40, 1.3);
        q.g[4] = 0; q.h[4] = 0; // masked: b=1, t=1 reads position P
        const { got } = await compare(v.rt, q);
        for (let b = 0; b < q.B; b++) {
          for (let s = 0; s < q.S; s++) {
            const touched = s >= q.P - 1 && s <= q.P + q.T - 2 && !(b === 1 && s === q.P);
            const o = (b * q.S + s) * q.V;
            const same = got.dlogits.subarray(o, o + q.V).every((y, j) => y === q.prior[o + j]);
            expect(same).toBe(!touched);
          }
        }
      });
    });
  }

  it('rejects views that are too short and bad sizes', async () => {
    const rt = variants[0].rt;
    const small = rt.tensor(4), big = rt.tensor(4096);
    await expect(rt.run('bad', (rec) => logprobsForward(rec, small, small, big, big, 2, 3, 5, 2, 10, 1))).rejects.toThrow(RangeError);
    await expect(rt.run('bad', (rec) => logprobsForward(rec, big, big, big, big, 1, 2, 3, 0, 10, 1))).rejects.toThrow(RangeError);
    await expect(rt.run('bad', (rec) => logprobsBackward(rec, big, big, big, big, big, 1, 2, 3, 1, 10, 0))).rejects.toThrow(RangeError);
    rt.free(small);
    rt.free(big);
  });
});
