import { afterAll, describe, expect, it } from 'vitest';
import { softmaxForward as softmaxCpu } from '../../cpu/softmax';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { softmaxForward } from './softmax';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

async function runGpu(rt: (typeof variants)[number]['rt'], logits: Float32Array, R: number, V: number, T: number, log: boolean) {
  const inp = rt.tensorFrom(logits);
  const out = rt.tensor(R * V);
  await rt.run('softmax', (rec) => softmaxForward(rec, out, inp, R, V, T, log));
  const got = await rt.read(out);
  rt.free(inp);
  rt.free(out);
  return got;
}

function cpu(logits: Float32Array, R: number, V: number, T: number, log: boolean) {
  const out = new Float32Array(R * V);
  softmaxCpu(out, logits, R, V, T, log);
  return out;
}

describe.skipIf(variants.length === 0)('softmax kernel (GPU vs CPU)', () => {
  it('covers both reduction paths', () => {
    expect(variants.map((v) => v.name)).toContain('no-subgroups');
    if (process.env.CI === 'true') expect(variants.map((v) => v.name)).toContain('subgroups');
  });

  for (const v of variants) {
    describe(v.name, () => {
      const shapes: [number, number][] = [[1, 1], [1, 7], [3, 52], [5, 64], [4, 65], [2, 1000], [17, 129]];
      for (const [R, V] of shapes) {
        for (const T of [1, 0.7, 2.5]) {
          it(`R=${R} V=${V} T=${T}: softmax and log-softmax within 2e-6 / 2e-5`, async () => {
            const x = new Rng(R * 1000 + V).normalArray(R * V, 3);
            expect(maxAbsDiff(await runGpu(v.rt, x, R, V, T, false), cpu(x, R, V, T, false))).toBeLessThan(2e-6);
            expect(maxAbsDiff(await runGpu(v.rt, x, R, V, T, true), cpu(x, R, V, T, true))).toBeLessThan(2e-5);
          });
        }
      }

      it('handles −1e9 and −inf masked logits and ±50 pre-activations', async () => {
        const R = 4, V = 37;
        const x = new Rng(3).normalArray(R * V, 50);
        for (let j = 0; j < V; j += 3) x[j] = -1e9; // row 0: a third masked with −1e9
        for (let j = 1; j < V; j += 2) x[V + j] = -Infinity; // row 1: half −inf
        for (let j = 0; j < V; j++) x[2 * V + j] = j === 5 ? 0 : -1e9; // row 2: one live token
        const p = await runGpu(v.rt, x, R, V, 1, false);
        const lp = await runGpu(v.rt, x, R, V, 1, true);
        expect(maxAbsDiff(p, cpu(x, R, V, 1, false))).toBeLessThan(2e-6);
        for (let r = 0; r < R; r++) {
          const rowSum = p.slice(r * V, (r + 1) * V).reduce((s, y) => s + y, 0);
          expect(rowSum).toBeCloseTo(1, 5);
        }
        expect(p[2 * V + 5]).toBeCloseTo(1, 6);
        expect(lp[2 * V + 5]).toBeCloseTo(0, 6);
        expect(lp[V + 1]).toBeLessThan(-1e30); // −inf in, (−)huge or −inf out, never NaN
        expect(lp.every((y) => !Number.isNaN(y))).toBe(true);
        const ref = cpu(x, R, V, 1, true);
        const live = [...lp.keys()].filter((i) => Number.isFinite(ref[i]) && ref[i] > -1e6);
        expect(maxAbsDiff(live.map((i) => lp[i]), live.map((i) => ref[i]))).toBeLessThan(5e-5);
      });

    });
  }

  // Slow on the software adapter (65k+ workgroups), so on one reduction path only: the grid
  // split is shared code.
  it('handles more rows than one dispatch dimension allows (2-D grid)', async () => {
    const R = 70000, V = 2;
    const x = new Rng(9).normalArray(R * V);
    expect(maxAbsDiff(await runGpu(variants[0].rt, x, R, V, 1, false), cpu(x, R, V, 1, false))).toBeLessThan(2e-6);
  });
});
