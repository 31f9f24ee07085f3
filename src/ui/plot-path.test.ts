import { describe, expect, it } from 'vitest';
import type { Curve, Point } from './downsample';
import { pointAt, polylinePath } from './plot-path';

/** A Curve from points written out (the charts build theirs with historyCurve). */
const curve = (pts: readonly Point[]): Curve => ({ x: Float64Array.from(pts, (p) => p.x), y: Float64Array.from(pts, (p) => p.y) });

const id = (v: number) => v;

describe('polylinePath', () => {
  it('moves to the first point and draws straight segments to the others, in pixels', () => {
    const px = (x: number) => 10 + 2 * x, py = (y: number) => 100 - 10 * y;
    expect(polylinePath(curve([{ x: 1, y: 0 }, { x: 2, y: 1.5 }, { x: 3, y: -2 }]), px, py)).toBe('M12,100L14,85L16,120');
  });

  it('is empty without points and a lone move for one point', () => {
    expect(polylinePath(curve([]), id, id)).toBe('');
    expect(polylinePath(curve([{ x: 3, y: 4 }]), id, id)).toBe('M3,4');
  });

  it('rounds to a tenth of a pixel, negative coordinates included', () => {
    expect(polylinePath(curve([{ x: 0.123456, y: -0.987654 }, { x: 1e-9, y: 12345.67891 }]), id, id)).toBe('M0.1,-1L0,12345.7');
  });

  it('skips points the scales cannot place and joins their neighbours', () => {
    const px = (x: number) => (x === 2 ? undefined : x), py = (y: number) => (y > 1e300 ? Infinity : y);
    expect(polylinePath(curve([{ x: 1, y: 1 }, { x: 2, y: 2 }, { x: 3, y: 1e308 }, { x: 4, y: 4 }]), px, py)).toBe('M1,1L4,4');
    // The first placeable point starts the path even when earlier ones were skipped.
    expect(polylinePath(curve([{ x: 2, y: 0 }, { x: 5, y: 6 }]), px, id)).toBe('M5,6');
  });

  it('keeps a 100,000-point curve a flat string of about 10 characters per point', () => {
    const pts = Array.from({ length: 100_000 }, (_, i) => ({ x: i, y: Math.sin(i) }));
    const d = polylinePath(curve(pts), (x) => x / 300, (y) => 50 + 40 * y);
    expect(d.startsWith('M0,50L')).toBe(true);
    expect(d.split('L')).toHaveLength(100_000);
    expect(d.length).toBeLessThan(14 * 100_000);
  });
});

describe('pointAt', () => {
  const pts = curve([{ x: 1, y: 5 }, { x: 4, y: 6 }, { x: 9, y: 7 }, { x: 10, y: 8 }]);
  it('finds the point at x exactly, at either end and inside', () => {
    expect(pointAt(pts, 1)).toEqual({ x: 1, y: 5 });
    expect(pointAt(pts, 9)).toEqual({ x: 9, y: 7 });
    expect(pointAt(pts, 10)).toEqual({ x: 10, y: 8 });
  });
  it('is null between points, outside them and on an empty curve', () => {
    expect(pointAt(pts, 5)).toBeNull();
    expect(pointAt(pts, 0)).toBeNull();
    expect(pointAt(pts, 11)).toBeNull();
    expect(pointAt(curve([]), 1)).toBeNull();
  });
});
