/** A point of a curve: x = iteration (1-based, as the page numbers them), y = the statistic. */
export interface Point {
  x: number;
  y: number;
}

/**
 * At most `maxPoints` points of a long curve, keeping its envelope: the points are cut into
 * maxPoints/2 buckets of consecutive x and each bucket keeps its lowest and its highest point (in
 * x order), so a spike or a collapse never disappears from a 100,000-iteration chart; the first
 * and the last point are always kept (the chart spans the whole run). Points whose
 * y is not a finite number are dropped (they cannot be drawn). Short curves come back unchanged.
 */
export function downsampleMinMax(points: readonly Point[], maxPoints: number): Point[] {
  const finite = points.filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x));
  if (finite.length <= maxPoints) return finite;
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const size = finite.length / buckets;
  const out: Point[] = [];
  for (let k = 0; k < buckets; k++) {
    const from = Math.floor(k * size), to = Math.min(finite.length, Math.floor((k + 1) * size));
    if (to <= from) continue;
    let lo = from, hi = from;
    for (let i = from + 1; i < to; i++) {
      if (finite[i].y < finite[lo].y) lo = i;
      if (finite[i].y > finite[hi].y) hi = i;
    }
    if (lo === hi) out.push(finite[lo]);
    else out.push(finite[Math.min(lo, hi)], finite[Math.max(lo, hi)]);
  }
  const first = finite[0], last = finite[finite.length - 1];
  if (out[0] !== first) out.unshift(first);
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** One statistic of a run's history as points (x = iteration + 1: the page counts iterations from 1). */
export function curveOf(history: readonly Record<string, number>[], key: string): Point[] {
  const out: Point[] = [];
  for (const row of history) {
    const y = row[key];
    if (typeof y === 'number') out.push({ x: row.iteration + 1, y });
  }
  return out;
}
