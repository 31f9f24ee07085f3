import { afterAll, describe, expect, it } from 'vitest';
import { gatherAt as gatherAtCpu, gatherRows as gatherRowsCpu, scatterAt as scatterAtCpu, scatterColumns as scatterColumnsCpu, sliceColumns as sliceColumnsCpu } from '../../cpu/rows';
import { pairwiseLoss as pairwiseCpu } from '../../rl/pairwise-loss';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { pairwiseLoss } from './pairwise-loss';
import { gatherAt, gatherRows, scatterAt, scatterColumns, sliceColumns } from './rows';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

describe.skipIf(variants.length === 0)('gather_rows, columns and pairwise_loss kernels (GPU vs CPU)', () => {
  const rt = () => variants[0].rt;

  it('gather_rows copies float and token rows exactly (repeated and permuted indices)', async () => {
    const R = 7, L = 13;
    const inp = new Rng(1).normalArray(R * L);
    const idx = Int32Array.from([6, 0, 0, 3, 5]);
    const want = new Float32Array(idx.length * L);
    gatherRowsCpu(want, inp, idx, idx.length, L);
    const [i, x, o] = [rt().tensorFrom(inp), rt().tensorFrom(idx), rt().tensor(idx.length * L)];
    await rt().run('gather', (rec) => gatherRows(rec, o, i, x, idx.length, L));
    expect(Array.from(await rt().read(o))).toEqual(Array.from(want));
    const toks = Int32Array.from({ length: R * L }, (_, k) => k * 3 - 5);
    const ti = rt().tensorFrom(toks);
    const wantT = new Int32Array(idx.length * L);
    gatherRowsCpu(wantT, toks, idx, idx.length, L);
    await rt().run('gather', (rec) => gatherRows(rec, o, ti, x, idx.length, L));
    expect(Array.from(new Int32Array((await rt().readU32(o)).buffer))).toEqual(Array.from(wantT));
    [i, x, o, ti].forEach((t) => rt().free(t));
  });

  it('slice/scatter columns and gather/scatter at an index match the CPU (scatter accumulates)', async () => {
    const B = 5, S = 9, T = 6, start = 2;
    const seqVals = new Rng(2).normalArray(B * S);
    const resp = new Rng(3).normalArray(B * T);
    const idx = Int32Array.from([8, 0, 4, 4, 2]);
    const one = new Rng(4).normalArray(B);
    const base = new Rng(5).normalArray(B * S);

    const wantSlice = new Float32Array(B * T);
    sliceColumnsCpu(wantSlice, seqVals, B, T, S, start);
    const wantScatter = base.slice();
    scatterColumnsCpu(wantScatter, resp, B, T, S, start);
    const wantGather = new Float32Array(B);
    gatherAtCpu(wantGather, seqVals, idx, B, S);
    const wantScatterAt = base.slice();
    scatterAtCpu(wantScatterAt, one, idx, B, S);

    const r = rt();
    const [sv, rv, ix, ov, bs, bs2, g] = [r.tensorFrom(seqVals), r.tensorFrom(resp), r.tensorFrom(idx), r.tensorFrom(one), r.tensorFrom(base), r.tensorFrom(base), r.tensor(B)];
    const sl = r.tensor(B * T);
    await r.run('columns', (rec) => {
      sliceColumns(rec, sl, sv, B, T, S, start);
      scatterColumns(rec, bs, rv, B, T, S, start);
      gatherAt(rec, g, sv, ix, B, S);
      scatterAt(rec, bs2, ov, ix, B, S);
    });
    expect(maxAbsDiff(await r.read(sl), wantSlice)).toBe(0);
    expect(maxAbsDiff(await r.read(bs), wantScatter)).toBeLessThan(1e-6);
    expect(maxAbsDiff(await r.read(g), wantGather)).toBe(0);
    expect(maxAbsDiff(await r.read(bs2), wantScatterAt)).toBeLessThan(1e-6);
    expect(() => r.run('bad', (rec) => sliceColumns(rec, sl, sv, B, T, S, 4))).rejects.toThrow(/start 4/);
    [sv, rv, ix, ov, bs, bs2, g, sl].forEach((t) => r.free(t));
  });

  for (const v of variants) {
    it(`${v.name}: pairwise loss, accuracy and gradient match the CPU, incl. ±50 margins and B not a multiple of 64`, async () => {
      for (const B of [1, 3, 70]) {
        const scores = new Rng(B).normalArray(2 * B, 3);
        if (B > 1) { scores[0] = 50; scores[B] = -50; scores[1] = -50; scores[B + 1] = 50; }
        const dWant = new Float32Array(2 * B);
        const s = pairwiseCpu(dWant, scores, B);
        const [sc, d, st] = [v.rt.tensorFrom(scores), v.rt.tensor(2 * B), v.rt.tensor(2)];
        await v.rt.run('pairwise', (rec) => pairwiseLoss(rec, d, st, sc, B));
        const [stats, grads] = [await v.rt.read(st), await v.rt.read(d)];
        expect(Math.abs(stats[0] - s.loss)).toBeLessThan(1e-4 * Math.max(1, s.loss));
        expect(stats[1]).toBeCloseTo(s.accuracy, 6);
        expect(maxAbsDiff(grads, dWant)).toBeLessThan(1e-6);
        [sc, d, st].forEach((t) => v.rt.free(t));
      }
    });
  }
});
