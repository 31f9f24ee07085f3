import { afterAll, describe, expect, it } from 'vitest';
import { attentionForward as forwardCpu, attentionForwardErrorBound } from '../../cpu/attention';
import { attentionDecode as decodeCpu } from '../../cpu/attention-decode';
import { attentionDecodeChecks } from '../../selfcheck/checks/attention-decode';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { GpuRuntime } from '../runtime';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { attentionForward } from './attention';
import { attentionDecode } from './attention-decode';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

interface Dims { B: number; S: number; C: number; NH: number; maxS: number }

/** Row `pos` of every sequence of qkv (B, S, 3C), as one decode step's input (B, 3C). */
function stepOf(qkv: Float32Array, { B, S, C }: Dims, pos: number): Float32Array {
  const step = new Float32Array(B * 3 * C);
  for (let b = 0; b < B; b++) step.set(qkv.subarray((b * S + pos) * 3 * C, (b * S + pos + 1) * 3 * C), b * 3 * C);
  return step;
}

/** Out of all S steps stacked as (B, S, C), plus the caches, from one recording (no read-back per step). */
async function gpuDecodeAll(rt: GpuRuntime, qkv: Float32Array, d: Dims) {
  const { B, S, C, NH, maxS } = d;
  const steps = Array.from({ length: S }, (_, pos) => rt.tensorFrom(stepOf(qkv, d, pos)));
  const outs = Array.from({ length: S }, () => rt.tensor(B * C));
  // Garbage beyond the written positions: reading a slot > pos would wreck the result.
  const kcache = rt.tensorFrom(new Float32Array(B * maxS * C).fill(1e6));
  const vcache = rt.tensorFrom(new Float32Array(B * maxS * C).fill(-1e6));
  const before = { ...rt.stats };
  await rt.run('decode all steps', (rec) => {
    for (let pos = 0; pos < S; pos++) attentionDecode(rec, outs[pos], kcache, vcache, steps[pos], B, C, NH, maxS, pos);
  });
  const read = (await rt.readMany([...outs, kcache, vcache])).map((b) => new Float32Array(b));
  const stats = { submits: rt.stats.submits - before.submits, readbacks: rt.stats.readbacks - before.readbacks };
  for (const v of [...steps, ...outs, kcache, vcache]) rt.free(v);
  const out = new Float32Array(B * S * C);
  for (let pos = 0; pos < S; pos++) for (let b = 0; b < B; b++) out.set(read[pos].subarray(b * C, (b + 1) * C), (b * S + pos) * C);
  return { out, kcache: read[S], vcache: read[S + 1], stats };
}

async function gpuForwardOut(rt: GpuRuntime, qkv: Float32Array, { B, S, C, NH }: Dims): Promise<Float32Array> {
  const q = rt.tensorFrom(qkv), out = rt.tensor(B * S * C), pre = rt.tensor(B * NH * S * S), att = rt.tensor(B * NH * S * S);
  await rt.run('attention fwd', (rec) => attentionForward(rec, out, pre, att, q, B, S, C, NH));
  const got = await rt.read(out);
  for (const v of [q, out, pre, att]) rt.free(v);
  return got;
}

let worst = 0, identicalToForward = 0, cases = 0;
afterAll(() => console.log(`attention_decode max |GPU decode − CPU forward| = ${worst.toExponential(2)}; GPU decode bit-identical to GPU forward in ${identicalToForward}/${cases} cases`));

describe.skipIf(variants.length === 0)('attention decode with KV cache (GPU)', () => {
  for (const v of variants) {
    describe(v.name, () => {
      // B = 1 and S = maxS = 1; odd head size; the model's shape over 64 positions; S = 70 with a
      // longer cache; B·NH = 256 (several workgroups of invocations).
      const shapes: [number, number, number, number, number][] = [
        [2, 6, 8, 2, 9], [1, 1, 4, 1, 1], [3, 17, 9, 3, 20], [1, 64, 48, 4, 64], [1, 70, 16, 2, 80], [64, 5, 48, 4, 8],
      ];
      for (const [B, S, C, NH, maxS] of shapes) {
        it(`steps pos = 0..${S - 1} equal attentionForward (B=${B} C=${C} NH=${NH} maxS=${maxS}), one submission, one read-back`, async () => {
          const d = { B, S, C, NH, maxS };
          const qkv = new Rng(B * 97 + S * 13 + C).normalArray(B * S * 3 * C, 1.5);
          const got = await gpuDecodeAll(v.rt, qkv, d);
          expect(got.stats).toEqual({ submits: 1, readbacks: 1 });

          // Against the CPU forward over the whole sequence, per-element float32 bound
          // (the decode does the same arithmetic as the forward: max, exp, sum, ·1/sum, Σ att·v).
          const want = new Float32Array(B * S * C);
          forwardCpu(want, new Float32Array(B * NH * S * S), new Float32Array(B * NH * S * S), qkv, B, S, C, NH);
          const bound = { out: new Float64Array(B * S * C), pre: new Float64Array(B * NH * S * S), att: new Float64Array(B * NH * S * S) };
          attentionForwardErrorBound(bound.out, bound.pre, bound.att, qkv, B, S, C, NH);
          let bad = 0;
          for (let i = 0; i < want.length; i++) if (!(Math.abs(got.out[i] - want[i]) <= bound.out[i])) bad += 1;
          expect(bad).toBe(0);
          worst = Math.max(worst, maxAbsDiff(got.out, want));

          // Against the CPU decode run step by step: same outputs (bound) and the same caches, exactly.
          const kc = new Float32Array(B * maxS * C).fill(1e6), vc = new Float32Array(B * maxS * C).fill(-1e6);
          const o = new Float32Array(B * C), cpuOut = new Float32Array(B * S * C);
          for (let pos = 0; pos < S; pos++) {
            decodeCpu(o, kc, vc, stepOf(qkv, d, pos), B, C, NH, maxS, pos);
            for (let b = 0; b < B; b++) cpuOut.set(o.subarray(b * C, (b + 1) * C), (b * S + pos) * C);
          }
          expect(got.kcache).toEqual(kc);
          expect(got.vcache).toEqual(vc);
          for (let i = 0; i < cpuOut.length; i++) if (!(Math.abs(got.out[i] - cpuOut[i]) <= bound.out[i])) bad += 1;
          expect(bad).toBe(0);

          // Against the GPU forward: within both bounds of the CPU value.
          const fwd = await gpuForwardOut(v.rt, qkv, d);
          for (let i = 0; i < fwd.length; i++) if (!(Math.abs(got.out[i] - fwd[i]) <= 2 * bound.out[i])) bad += 1;
          expect(bad).toBe(0);
          cases += 1;
          if (maxAbsDiff(got.out, fwd) === 0) identicalToForward += 1;
        });
      }
    });
  }

  it('rejects pos outside the cache before recording anything', () => {
    const rt = variants[0].rt;
    const t = rt.tensor(64);
    const rec = rt.begin('bad');
    expect(() => attentionDecode(rec, t, t, t, t, 1, 4, 2, 4, 4)).toThrow(/pos=4/);
    expect(() => attentionDecode(rec, t, t, t, t, 1, 6, 4, 8, 0)).toThrow(/divisible/);
    return rt.submit(rec).finally(() => rt.free(t)); // an empty recording submits cleanly
  });

  it('the page self-check (checks/attention-decode.ts) passes on every path', async () => {
    for (const v of variants) {
      for (const c of attentionDecodeChecks) {
        const err = await c.run(v.rt);
        console.log(`self-check ${v.name} ${c.what}: ${err.toExponential(2)} (tol ${c.tolerance.toExponential(2)})`);
        expect(err).toBeLessThanOrEqual(c.tolerance);
      }
    }
  });
});
