import { describe, expect, it } from 'vitest';
import { curveOf, downsampleMinMax, historyCurve, type Point } from './downsample';

const line = (n: number, f: (i: number) => number): Point[] => Array.from({ length: n }, (_, i) => ({ x: i + 1, y: f(i) }));

describe('downsampleMinMax', () => {
  it('returns short curves unchanged', () => {
    const pts = line(10, (i) => i * i);
    expect(downsampleMinMax(pts, 400)).toEqual(pts);
  });

  it('keeps at most maxPoints points, in x order, including every extreme', () => {
    const pts = line(100_000, (i) => Math.sin(i / 50));
    pts[77_777] = { x: 77_778, y: 9 }; // a spike
    pts[12_345] = { x: 12_346, y: -7 }; // a collapse
    const out = downsampleMinMax(pts, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out.length).toBeGreaterThan(300);
    for (let i = 1; i < out.length; i++) expect(out[i].x).toBeGreaterThan(out[i - 1].x);
    expect(out).toContainEqual({ x: 77_778, y: 9 });
    expect(out).toContainEqual({ x: 12_346, y: -7 });
    expect(out[0].x).toBe(1);
    expect(out.at(-1)!.x).toBe(100_000);
  });

  it('drops points that cannot be drawn', () => {
    const out = downsampleMinMax([{ x: 1, y: 1 }, { x: 2, y: NaN }, { x: 3, y: Infinity }, { x: 4, y: 2 }], 10);
    expect(out).toEqual([{ x: 1, y: 1 }, { x: 4, y: 2 }]);
  });

  it('is fast enough for a 100,000-iteration history (well under 50 ms)', () => {
    const pts = line(100_000, (i) => i % 97);
    const t0 = performance.now();
    downsampleMinMax(pts, 400);
    expect(performance.now() - t0).toBeLessThan(50);
  });
});

describe('curveOf', () => {
  it('numbers iterations from 1 and skips rows without the statistic', () => {
    expect(curveOf([{ iteration: 0, a: 5 }, { iteration: 1 }, { iteration: 2, a: 7 }], 'a')).toEqual([{ x: 1, y: 5 }, { x: 3, y: 7 }]);
  });
});

describe('historyCurve', () => {
  it('gives exactly downsampleMinMax(curveOf(…)) without building every point', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const n of [0, 1, 5, 399, 400, 401, 1000, 20_000]) {
      const history = Array.from({ length: n }, (_, i) => {
        const row: Record<string, number> = { iteration: i, b: i % 3 };
        const r = rand();
        if (r > 0.05) row.a = r > 0.97 ? NaN : r > 0.95 ? Infinity : Math.sin(i / 37) + rand();
        return row;
      });
      for (const max of [10, 400]) {
        const c = historyCurve(history, 'a', max);
        expect(c.x).toHaveLength(c.y.length);
        const points = Array.from(c.x, (x, j) => ({ x, y: c.y[j] }));
        expect(points, `n=${n} max=${max}`).toEqual(downsampleMinMax(curveOf(history, 'a'), max));
        // What the chart keeps is the curve alone, not a view into arrays as long as the history.
        expect([c.x.buffer.byteLength, c.y.buffer.byteLength], `n=${n} max=${max}`).toEqual([8 * c.x.length, 8 * c.x.length]);
      }
    }
  });
});

