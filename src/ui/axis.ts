import { fmt, tickLabels } from './format';

/**
 * A chart axis chosen the way a person would draw it: "nice" evenly spaced ticks (1, 2, 2.5 or 5
 * times a power of ten), a domain that starts and ends on a tick, zero on the axis where zero
 * means something (a KL, a fraction, explained variance), and labels that never repeat.
 */
export interface Axis {
  domain: [number, number];
  ticks: number[];
  labels: string[];
  step: number;
}

export interface AxisOptions {
  /** Keep 0 inside the domain. */
  includeZero?: boolean;
  /** Whole-number ticks only (iterations). */
  integer?: boolean;
  /** Roughly how many ticks (the nice step decides the exact count). */
  count?: number;
}

const MANTISSAS = [1, 2, 2.5, 5, 10];

/** The smallest nice step (m·10^k, m in MANTISSAS) that is at least `raw`. */
export function niceStep(raw: number, integer = false): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of MANTISSAS) {
    const step = m * mag;
    if (step >= raw * (1 - 1e-9) && (!integer || Number.isInteger(step))) return step;
  }
  return integer ? Math.max(1, Math.ceil(raw)) : 10 * mag;
}

/** The axis for these values (non-finite ones are ignored). */
export function niceAxis(values: Iterable<number>, o: AxisOptions = {}): Axis {
  const count = o.count ?? 5;
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) { lo = 0; hi = 1; } // nothing to draw yet
  if (o.includeZero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
  if (lo === hi) {
    // A constant (β without the adaptive controller): a small band around it, zero kept if asked.
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.2;
    if (o.includeZero && lo >= 0) hi = lo + pad; // all zero (KL at iteration 1): 0 … 1, not −1 … 1
    else if (o.includeZero && lo < 0) lo = hi - pad;
    else { lo -= pad; hi += pad; }
  }
  const step = niceStep((hi - lo) / Math.max(1, count - 1), o.integer);
  // Ticks as integer multiples of the step: no accumulated float error ("0.30000000000000004").
  const k0 = Math.floor(lo / step + 1e-9), k1 = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k++) ticks.push(Number((k * step).toPrecision(12)));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, labels: tickLabels(ticks, step), step };
}

/** Width in px an axis needs for its longest label at `fontSize` (no clipped "0035"). */
export function axisWidth(labels: readonly string[], fontSize: number): number {
  const longest = Math.max(1, ...labels.map((l) => l.length));
  return Math.ceil(longest * fontSize * 0.62 + 10);
}

/** Tick formatter for recharts: the axis's own label of tick v (regular, never repeated). */
export const tickOf = (axis: Axis) => (v: unknown): string => axis.labels[axis.ticks.indexOf(Number(v))] ?? fmt(Number(v), 2);
