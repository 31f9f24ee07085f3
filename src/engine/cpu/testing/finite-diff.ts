/**
 * Finite-difference helpers for checking backward passes against their forward pass.
 *
 * The CPU references accept Float64Array as well as Float32Array, so a test can run forward and
 * backward entirely in float64: central differences then have truncation error O(h²) and rounding
 * error O(ε/h) — about 1e-10 with h = 1e-5 — far below any real bug, so a tolerance of 1e-6 is
 * not tuned to hide anything.
 */

/** A float array as accepted by the CPU references. */
export type Floats = Float32Array | Float64Array;

/** Σ w_i·out_i: a scalar loss whose gradient with respect to `out` is exactly `w`. */
export function dot(w: ArrayLike<number>, out: ArrayLike<number>): number {
  if (w.length !== out.length) throw new RangeError(`dot: lengths ${w.length} and ${out.length}`);
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * out[i];
  return s;
}

/**
 * Central-difference gradient of the scalar `loss()` with respect to `x` (perturbed in place and
 * restored): g_i = (L(x + h·e_i) − L(x − h·e_i)) / 2h. `indices` limits which entries are probed.
 */
export function numericGrad(loss: () => number, x: Float64Array, h = 1e-5, indices?: Iterable<number>): Float64Array {
  const g = new Float64Array(x.length);
  for (const i of indices ?? x.keys()) {
    const x0 = x[i];
    x[i] = x0 + h;
    const up = loss();
    x[i] = x0 - h;
    const down = loss();
    x[i] = x0;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** Largest |a − b| / max(1, |b|) over the entries, NaN anywhere counting as Infinity. */
export function maxGradError(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  if (analytic.length !== numeric.length) throw new RangeError(`maxGradError: lengths ${analytic.length} and ${numeric.length}`);
  let m = 0;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i], n = numeric[i];
    if (Number.isNaN(a) || Number.isNaN(n)) return Infinity;
    m = Math.max(m, Math.abs(a - n) / Math.max(1, Math.abs(n)));
  }
  return m;
}

/** A float64 copy (e.g. of the Float32Array an Rng returns), for float64 finite differences. */
export function toF64(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a);
}
