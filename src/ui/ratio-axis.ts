import { niceAxis, type Axis } from './axis';

/**
 * The ratio plot's vertical axis, robust to outliers: it spans the clip band [1−ε, 1+ε] and the
 * bulk of the tokens (2nd to 98th percentile) with a margin, but never more than 4ε on either
 * side of 1 — so the band keeps at least a quarter of the height even when one token's ratio is
 * 16. Tokens beyond the axis are drawn on its edge and counted (above, below, the extreme value).
 */
export interface RatioAxis extends Axis {
  above: number;
  below: number;
  /** The ratio furthest outside the axis (null when every token fits). */
  extreme: number | null;
}

function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i];
}

export function ratioAxis(ratios: readonly number[], eps: number): RatioAxis {
  const sorted = ratios.filter(Number.isFinite).sort((a, b) => a - b);
  const reach = Math.max(4 * eps, 0.05); // how far from 1 the axis may go
  const margin = Math.max(eps, 0.05) / 4;
  let lo = 1 - eps, hi = 1 + eps;
  if (sorted.length) {
    lo = Math.min(lo, quantile(sorted, 0.02));
    hi = Math.max(hi, quantile(sorted, 0.98));
  }
  lo = Math.max(0, 1 - reach, lo - margin);
  hi = Math.min(1 + reach, hi + margin);
  const axis = niceAxis([lo, hi]);
  const [dlo, dhi] = axis.domain;
  let above = 0, below = 0, extreme: number | null = null;
  for (const r of ratios) {
    if (!Number.isFinite(r)) continue;
    if (r > dhi) above++;
    else if (r < dlo) below++;
    else continue;
    if (extreme === null || Math.abs(r - 1) > Math.abs(extreme - 1)) extreme = r;
  }
  return { ...axis, above, below, extreme };
}

/** Where to draw ratio r on `axis`: clamped to the edge when it lies beyond. */
export const onAxis = (r: number, axis: Axis) => Math.min(axis.domain[1], Math.max(axis.domain[0], r));
