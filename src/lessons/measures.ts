/** Small measurements over a run's statistics that lesson checks share (pure; rows are iterations in order). */
import type { StatsRow } from './types';

/** The statistic `key` of every iteration (NaN where an iteration lacks it). */
export const series = (rows: readonly StatsRow[], key: string): number[] => rows.map((r) => r[key] ?? NaN);

export const meanOf = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Mean of the last n values (the end of a run, less noisy than its last point). */
export const lastMean = (xs: readonly number[], n = 3): number => meanOf(xs.slice(-n));

/** Mean of the first n values. */
export const firstMean = (xs: readonly number[], n = 3): number => meanOf(xs.slice(0, n));

/**
 * Centred moving average over `w` points (shorter at the ends): one noisy iteration of 64 answers
 * should not decide where a curve peaks.
 */
export function smoothed(xs: readonly number[], w = 3): number[] {
  const h = Math.floor(w / 2);
  return xs.map((_, i) => meanOf(xs.slice(Math.max(0, i - h), i + h + 1)));
}

/** Index of the largest value (the first one on ties). */
export function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** Index of the smallest value (the first one on ties). */
export const argmin = (xs: readonly number[]): number => argmax(xs.map((x) => -x));

/**
 * A retrained reward model's accuracy on its own training pairs: the mean over its last 5 training
 * steps' minibatches (each drawn from those pairs).
 */
export function trainAccuracy(curves: { rmAccuracies: readonly number[] }): number {
  return lastMean(curves.rmAccuracies, 5);
}
