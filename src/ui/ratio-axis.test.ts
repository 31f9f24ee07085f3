import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/tensor/rng';
import { onAxis, ratioAxis } from './ratio-axis';

/** Share of the axis height the clip band [1−ε, 1+ε] takes. */
const bandShare = (domain: [number, number], eps: number) => (Math.min(domain[1], 1 + eps) - Math.max(domain[0], 1 - eps)) / (domain[1] - domain[0]);

describe('the ratio plot keeps the clip band readable (issue #11, defect 2)', () => {
  const rng = new Rng(5);
  const bulk = Array.from({ length: 120 }, () => 1 + (rng.uniform() - 0.5) * 0.3);

  it('one token at ratio 16 no longer flattens the band: it is drawn on the edge and counted', () => {
    const a = ratioAxis([...bulk, 16], 0.2);
    expect(bandShare(a.domain, 0.2)).toBeGreaterThanOrEqual(0.25);
    expect(a.above).toBe(1);
    expect(a.below).toBe(0);
    expect(a.extreme).toBe(16);
    expect(onAxis(16, a)).toBe(a.domain[1]);
    expect(onAxis(1.05, a)).toBe(1.05);
    // One stray token does not stretch the axis either: it stays close around the bulk and the band.
    expect(a.domain[1]).toBeLessThanOrEqual(1.5);
  });

  it('a heavy tail (a tenth of the tokens at ratios 3 to 16) is cut at 1 ± 4ε', () => {
    const tail = Array.from({ length: 14 }, (_, i) => 3 + i);
    const a = ratioAxis([...bulk, ...tail], 0.2);
    expect(a.domain[1]).toBeLessThanOrEqual(2);
    expect(bandShare(a.domain, 0.2)).toBeGreaterThanOrEqual(0.25);
    expect(a.above).toBe(14);
  });

  it('without outliers every token fits and the band is in view', () => {
    const a = ratioAxis(bulk, 0.2);
    expect(a.above + a.below).toBe(0);
    expect(a.extreme).toBeNull();
    expect(a.domain[0]).toBeLessThanOrEqual(0.8);
    expect(a.domain[1]).toBeGreaterThanOrEqual(1.2);
    for (const r of bulk) expect(r >= a.domain[0] && r <= a.domain[1]).toBe(true);
  });

  it('outliers below are counted too, and the axis never goes under 0', () => {
    const a = ratioAxis([...bulk, 1e-6, 0.001], 0.2);
    expect(a.domain[0]).toBeGreaterThanOrEqual(0);
    expect(a.below).toBe(2);
    expect(a.extreme).toBe(1e-6);
  });

  it('the first minibatch (every ratio exactly 1) shows the band with 1 in the middle', () => {
    const a = ratioAxis(Array(50).fill(1), 0.2);
    expect(a.domain[0]).toBeLessThan(0.8 + 1e-9);
    expect(a.domain[1]).toBeGreaterThan(1.2 - 1e-9);
    expect(a.above + a.below).toBe(0);
  });

  it('ε = 0 still gives an axis around 1', () => {
    const a = ratioAxis([0.99, 1.01], 0);
    expect(a.domain[0]).toBeLessThan(1);
    expect(a.domain[1]).toBeGreaterThan(1);
  });
});
