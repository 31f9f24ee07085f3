/**
 * Masked whitening of advantages over everything it is given — the trainer gives it the whole rollout
 * (B, T), once per iteration, as TRL does (docs/conventions.md §3) — CPU reference in float64.
 * As TRL's `masked_whiten`, except that the variance is the biased one (our convention; TRL applies
 * Bessel's correction) and masked positions are written as 0.
 *   mean = Σ x·m / Σ m,  var = Σ (x − mean)²·m / Σ m,  out = (x − mean) / √(var + 1e-8) [+ mean]
 * The WGSL kernel shaders/whiten.wgsl is checked against this function.
 */

/** Float32 in the engine; Float64 lets tests take finite differences without float32 rounding. */
type Floats = Float32Array | Float64Array;

export const WHITEN_EPS = 1e-8;

/** out (n) ← x (n), mask (n). shiftMean = false adds the mean back. All-masked input gives zeros. */
export function whitenMasked(out: Floats, x: Floats, mask: Floats, n: number, shiftMean = true): void {
  let sm = 0, sx = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] === 0) continue; // garbage at masked positions never enters the sums
    sm += mask[i];
    sx += x[i] * mask[i];
  }
  if (!(sm > 0)) {
    out.fill(0, 0, n);
    return;
  }
  const mean = sx / sm;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] === 0) continue;
    const d = x[i] - mean; // two passes: no E[x²] − E[x]² cancellation
    sv += d * d * mask[i];
  }
  const rstd = 1 / Math.sqrt(sv / sm + WHITEN_EPS);
  const shift = shiftMean ? 0 : mean;
  for (let i = 0; i < n; i++) out[i] = mask[i] !== 0 ? (x[i] - mean) * rstd + shift : 0;
}
