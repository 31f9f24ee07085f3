import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { subView } from '../view';
import { fill, zeroMany } from './fill';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

// fill has no reduction, so one runtime is enough; the values must come back exactly.
describe.skipIf(variants.length === 0)('fill kernel (GPU)', () => {
  for (const n of [1, 255, 256, 257, 10_001]) {
    for (const value of [0, -3.25]) {
      it(`n=${n} value=${value}: every element equals the value exactly`, async () => {
        const rt = variants[0].rt;
        const out = rt.tensorFrom(new Rng(n).normalArray(n)); // non-zero garbage first
        await rt.run('fill', (rec) => fill(rec, out, value, n));
        const got = await rt.read(out);
        rt.free(out);
        expect(got.every((y) => y === value)).toBe(true);
      });
    }
  }

  it('writes only [offset, offset + n) of a sub-view, leaving the rest of the buffer alone', async () => {
    const rt = variants[0].rt;
    const init = new Rng(7).normalArray(400);
    const buf = rt.tensorFrom(init);
    const view = subView(buf, 64, 200); // bound views start on 64 elements
    await rt.run('fill sub-view', (rec) => fill(rec, view, 1.5, 150));
    const got = await rt.read(buf);
    rt.free(buf);
    for (let i = 0; i < 400; i++) expect(got[i]).toBe(i >= 64 && i < 214 ? 1.5 : init[i]);
  });

  it('rejects n larger than the view', () => {
    const rt = variants[0].rt;
    const out = rt.tensor(10);
    const rec = rt.begin('fill too long');
    expect(() => fill(rec, out, 0, 11)).toThrow(RangeError);
    rt.free(out);
    return rt.submit(rec);
  });

  it('zeroMany: 1, 7, 8 and 16 tensors of different lengths (two views of one buffer among them) in ⌈n/7⌉ dispatches, nothing else touched', async () => {
    const rt = variants[0].rt;
    for (const count of [1, 7, 8, 16]) {
      // Each tensor: a view of its first `len` elements inside a buffer with 64 guard elements after.
      const lens = Array.from({ length: count }, (_, i) => [1, 63, 64, 300, 5000, 257, 2][i % 7] + i);
      const inits = lens.map((n, i) => new Rng(i + 1).normalArray(n + 64));
      const bufs = inits.map((x) => rt.tensorFrom(x));
      const views = bufs.map((b, i) => subView(b, 0, lens[i]));
      const sharedInit = new Rng(99).normalArray(256), shared = rt.tensorFrom(sharedInit);
      const extra = [subView(shared, 0, 64), subView(shared, 128, 100)]; // two views of one buffer in one dispatch
      const all = count > 1 ? [...views.slice(0, 1), ...extra, ...views.slice(1, count - 2)] : views;
      const before = rt.stats.dispatches;
      await rt.run('zeroMany', (rec) => zeroMany(rec, all));
      expect(rt.stats.dispatches - before).toBe(Math.ceil(all.length / 7));
      const zeroed = (i: number) => all.includes(views[i]);
      for (let i = 0; i < count; i++) {
        const got = await rt.read(bufs[i]);
        for (let j = 0; j < got.length; j++) expect(got[j], `tensor ${i} element ${j}`).toBe(zeroed(i) && j < lens[i] ? 0 : inits[i][j]);
      }
      const got = await rt.read(shared);
      for (let j = 0; j < 256; j++) expect(got[j]).toBe(count > 1 && (j < 64 || (j >= 128 && j < 228)) ? 0 : sharedInit[j]);
      for (const t of [...bufs, shared]) rt.free(t);
    }
  });
});
