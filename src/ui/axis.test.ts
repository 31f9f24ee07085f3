import { describe, expect, it } from 'vitest';
import { axisWidth, niceAxis, niceStep } from './axis';
import { Rng } from '../engine/tensor/rng';

/** Steps between consecutive ticks are all equal (within float noise). */
function regular(ticks: number[]): boolean {
  const step = ticks[1] - ticks[0];
  return ticks.every((v, i) => i === 0 || Math.abs(v - ticks[i - 1] - step) <= 1e-9 * Math.max(1, Math.abs(step)));
}

describe('nice axes (issue #11, defect 4)', () => {
  it('steps are 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(0.013)).toBe(0.02);
    expect(niceStep(0.021)).toBe(0.025);
    expect(niceStep(3)).toBe(5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(0.7, true)).toBe(1);
    expect(niceStep(2.2, true)).toBe(5); // 2.5 is not a whole number of iterations
  });

  it('the range that gave "0, 0.015, 0.03, 0.06" gets regular ticks', () => {
    const a = niceAxis([0.001, 0.058], { includeZero: true });
    expect(regular(a.ticks)).toBe(true);
    expect(a.ticks[0]).toBe(0);
    expect(a.domain[1]).toBeGreaterThanOrEqual(0.058);
    expect(a.labels).toEqual(['0', '0.02', '0.04', '0.06']);
  });

  it('labels never repeat (the "−0.02" written twice), on many random ranges', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      const scale = 10 ** (rng.int(12) - 6);
      const a = (rng.uniform() - 0.5) * scale, b = a + rng.uniform() * scale * (rng.int(2) ? 1 : 1e-3);
      const axis = niceAxis([a, b], { includeZero: rng.int(2) === 1 });
      expect(new Set(axis.labels).size, `${a}..${b}: ${axis.labels.join(' ')}`).toBe(axis.labels.length);
      expect(regular(axis.ticks), `${a}..${b}`).toBe(true);
      expect(axis.domain[0]).toBeLessThanOrEqual(Math.min(a, b));
      expect(axis.domain[1]).toBeGreaterThanOrEqual(Math.max(a, b));
      expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
      expect(axis.ticks.length).toBeLessThanOrEqual(12);
    }
  });

  it('zero is on the axis where it means something (explained variance)', () => {
    const a = niceAxis([0.31, 0.62, 0.8], { includeZero: true });
    expect(a.ticks).toContain(0);
    expect(a.labels).toContain('0');
    expect(niceAxis([0.31, 0.8]).ticks).not.toContain(0);
  });

  it('a constant β gets a small axis from zero, not −0.1 … 0.3', () => {
    const a = niceAxis([0.05, 0.05, 0.05], { includeZero: true });
    expect(a.domain[0]).toBe(0);
    expect(a.domain[1]).toBeGreaterThanOrEqual(0.05);
    expect(a.domain[1]).toBeLessThanOrEqual(0.1);
    expect(niceAxis([0, 0], { includeZero: true }).domain).toEqual([0, 1]); // KL of the first iteration
    const c = niceAxis([-0.02]);
    expect(c.domain[0]).toBeLessThan(-0.02);
    expect(c.domain[1]).toBeGreaterThan(-0.02);
  });

  it('iterations get whole-number ticks', () => {
    const a = niceAxis([1, 7], { integer: true });
    expect(a.ticks.every(Number.isInteger)).toBe(true);
    expect(new Set(a.labels).size).toBe(a.labels.length);
    expect(niceAxis([1, 1], { integer: true }).ticks.every(Number.isInteger)).toBe(true);
  });

  it('tiny and huge numbers use one exponent style with the typographic minus', () => {
    const a = niceAxis([-6e-5, 1.2e-4]);
    expect(a.labels.join(' ')).not.toMatch(/-/);
    expect(a.labels.filter((l) => l !== '0').every((l) => /^−?\d(\.\d+)?e−\d+$/.test(l))).toBe(true);
    expect(new Set(a.labels).size).toBe(a.labels.length);
  });

  it('no data yet: a plain 0 … 1 axis', () => {
    expect(niceAxis([]).domain).toEqual([0, 1]);
    expect(niceAxis([NaN, Infinity]).domain).toEqual([0, 1]);
  });

  it('the axis is wide enough for its longest label', () => {
    expect(axisWidth(['0', '−0.0035'], 12)).toBeGreaterThan(axisWidth(['0', '1'], 12));
    expect(axisWidth(['−0.0035'], 16)).toBeGreaterThan(axisWidth(['−0.0035'], 12));
  });
});
