import type { Curve, Point } from './downsample';

/** A pixel position from a data value (recharts' axis scale); undefined where the scale has none. */
export type PixelOf = (value: number) => number | undefined;

/**
 * SVG path data of the straight polyline through a curve's points (x ascending), in pixels, built as one
 * flat string. A chart's curves are redrawn every iteration: recharts' own `<Line>` keeps a label
 * entry, an error-bar entry and an animation record per point and re-measures the whole path
 * (getTotalLength) on every render — about 1.4 KB and a forced layout per point and line, which was
 * most of the page's heap growth and a tenth of its main thread in the soak (issue #13).
 * Points the scales cannot place are skipped (the line joins its neighbours, as connectNulls did).
 */
export function polylinePath(curve: Curve, px: PixelOf, py: PixelOf): string {
  const parts: string[] = [];
  for (let j = 0; j < curve.x.length; j++) {
    const x = px(curve.x[j]), y = py(curve.y[j]);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    parts.push(`${parts.length ? 'L' : 'M'}${round(x)},${round(y)}`);
  }
  return parts.join('');
}

/** A tenth of a pixel is finer than any screen draws; shorter numbers keep the string small. */
const round = (v: number) => Math.round(v * 10) / 10;

/** The point of a curve at x exactly (binary search: points are in x order), or null. */
export function pointAt(curve: Curve, x: number): Point | null {
  let lo = 0, hi = curve.x.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = curve.x[mid];
    if (v === x) return { x: v, y: curve.y[mid] };
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}
