/** A point of a curve: x = iteration (1-based, as the page numbers them), y = the statistic. */
export interface Point {
  x: number;
  y: number;
}

/**
 * A curve as the charts keep it: its points' x and y in two flat arrays of one length (x ascending).
 * Sixteen bytes a point, outside the JS heap, where a `Point` object with its boxed y took ~32 in it:
 * twenty-odd curves, kept by every chart for as long as it shows them, grew the page's heap until
 * they reached 400 points (heap snapshots of issue #13's soak, iterations 100 and 1,019: ~10,000 more
 * small objects and heap numbers, ~0.35 MB).
 */
export interface Curve {
  readonly x: Float64Array;
  readonly y: Float64Array;
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

/**
 * downsampleMinMax(curveOf(history, key), maxPoints) as a Curve, in one pass over the rows and
 * without a Point per row: a 100,000-iteration history has 20-odd curves, and two million throw-away
 * points made opening a long run spend most of its time collecting garbage.
 */
export function historyCurve(history: readonly Record<string, number>[], key: string, maxPoints: number): Curve {
  // One keyed read per row into flat arrays; the buckets then scan numbers, not objects.
  const xs = new Float64Array(history.length), ys = new Float64Array(history.length);
  let n = 0;
  for (const row of history) {
    const y = row[key], x = row.iteration + 1;
    if (typeof y === 'number' && Number.isFinite(y) && Number.isFinite(x)) {
      xs[n] = x;
      ys[n++] = y;
    }
  }
  if (n <= maxPoints) return { x: xs.slice(0, n), y: ys.slice(0, n) };
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const size = n / buckets;
  const picked: number[] = [];
  for (let k = 0; k < buckets; k++) {
    const from = Math.floor(k * size), to = Math.min(n, Math.floor((k + 1) * size));
    if (to <= from) continue;
    let lo = from, hi = from;
    for (let j = from + 1; j < to; j++) {
      if (ys[j] < ys[lo]) lo = j;
      if (ys[j] > ys[hi]) hi = j;
    }
    if (lo === hi) picked.push(lo);
    else picked.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  if (picked[0] !== 0) picked.unshift(0);
  if (picked[picked.length - 1] !== n - 1) picked.push(n - 1);
  return { x: Float64Array.from(picked, (j) => xs[j]), y: Float64Array.from(picked, (j) => ys[j]) };
}
