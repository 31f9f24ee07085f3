/**
 * PPO's clipped value loss (the value clipping of the OpenAI baselines PPO2 / TRL PPOTrainer;
 * see also Engstrom et al. 2020, "Implementation Matters in Deep Policy Gradients", §3), as in
 * docs/conventions.md §3:
 *
 *   Vc = clip(V, Vold − εv, Vold + εv)
 *   loss = ½·masked_mean(max((V − R)², (Vc − R)²)),  masked_mean(x) = Σ x·m / Σ m
 *   clipfrac = masked_mean((Vc − R)² > (V − R)²)                 (TRL `val/clipfrac_avg`)
 *
 * dvalues = ∂loss/∂V is written (not accumulated): m·(V − R)/Σm where the unclipped term wins
 * (ties included, which is every token whose V lies inside the band, where Vc = V), and 0 where
 * the clipped term wins strictly (V is then outside the band and Vc does not depend on V).
 * Masked positions are skipped (gradient 0); with Σm = 0 every output is 0. The CPU reference for
 * value_loss.wgsl; float64 inside.
 */
export type Vec = Float32Array | Float64Array;

export interface ValueLossStats {
  loss: number;
  clipfrac: number;
}

export function valueLoss(
  dvalues: Vec, // (B, T) out, = ∂loss/∂values
  values: Vec, // (B, T)
  oldValues: Vec, // (B, T)
  returns: Vec, // (B, T)
  mask: Vec, // (B, T)
  n: number, // B·T
  clipEps: number,
): ValueLossStats {
  if (!(clipEps >= 0)) throw new RangeError(`valueLoss: clipEps must be ≥ 0, got ${clipEps}`);
  for (const a of [dvalues, values, oldValues, returns, mask]) {
    if (a.length < n) throw new RangeError(`valueLoss: a tensor of ${a.length} elements is shorter than n = ${n}`);
  }
  let msum = 0, lossSum = 0, clipSum = 0;
  for (let i = 0; i < n; i++) msum += mask[i];
  for (let i = 0; i < n; i++) {
    const m = mask[i];
    if (m === 0) {
      dvalues[i] = 0;
      continue;
    }
    const v = values[i], old = oldValues[i], R = returns[i];
    const vc = Math.min(Math.max(v, old - clipEps), old + clipEps);
    const l1 = (v - R) * (v - R);
    const l2 = (vc - R) * (vc - R);
    const clipped = l2 > l1;
    lossSum += m * (clipped ? l2 : l1);
    clipSum += clipped ? m : 0;
    // ½·d(V − R)²/dV = V − R on the unclipped branch.
    dvalues[i] = msum === 0 || clipped ? 0 : (m * (v - R)) / msum;
  }
  if (msum === 0) return { loss: 0, clipfrac: 0 };
  return { loss: (0.5 * lossSum) / msum, clipfrac: clipSum / msum };
}
