import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { subView } from '../view';
import { fill } from './fill';

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
});
