/**
 * PPO's clipped surrogate policy loss (Schulman et al. 2017, "Proximal Policy Optimization
 * Algorithms", eq. 7, written as a loss to minimise), per token over the response, as in
 * docs/conventions.md §3 and TRL's PPOTrainer:
 *
 *   ratio = exp(logprob − oldLogprob)
 *   pg1 = −A·ratio,  pg2 = −A·clip(ratio, 1−ε, 1+ε)
 *   loss = masked_mean(max(pg1, pg2)),  masked_mean(x) = Σ x·m / Σ m over the whole minibatch
 *   clipfrac = masked_mean(pg2 > pg1)                        (TRL `policy/clipfrac_avg`)
 *   approxkl = ½·masked_mean((logprob − oldLogprob)²)        (TRL `policy/approxkl_avg`)
 *
 * dlogprob = ∂loss/∂logprob is written (not accumulated). Where the unclipped term wins (ties
 * included, which is every token inside the band) it is m·(−A·ratio)/Σm; where the clipped term
 * wins strictly the ratio lies outside the band, clip() is flat there, and the gradient is 0.
 * Masked positions are skipped entirely (gradient 0), so padding never reaches exp(). With Σm = 0
 * every output is 0. The CPU reference for ppo_loss.wgsl; float64 inside.
 */
export type Vec = Float32Array | Float64Array;

export interface PolicyLossStats {
  loss: number;
  clipfrac: number;
  approxkl: number;
}

export function ppoPolicyLoss(
  dlogprob: Vec, // (B, T) out, = ∂loss/∂logprob
  logprob: Vec, // (B, T)
  oldLogprob: Vec, // (B, T)
  advantages: Vec, // (B, T)
  mask: Vec, // (B, T)
  n: number, // B·T
  clipEps: number,
): PolicyLossStats {
  if (!(clipEps >= 0)) throw new RangeError(`ppoPolicyLoss: clipEps must be ≥ 0, got ${clipEps}`);
  for (const a of [dlogprob, logprob, oldLogprob, advantages, mask]) {
    if (a.length < n) throw new RangeError(`ppoPolicyLoss: a tensor of ${a.length} elements is shorter than n = ${n}`);
  }
  let msum = 0, lossSum = 0, clipSum = 0, klSum = 0;
  for (let i = 0; i < n; i++) msum += mask[i];
  for (let i = 0; i < n; i++) {
    const m = mask[i];
    if (m === 0) {
      dlogprob[i] = 0;
      continue;
    }
    const d = logprob[i] - oldLogprob[i];
    const ratio = Math.exp(d);
    const A = advantages[i];
    const pg1 = -A * ratio;
    const pg2 = -A * Math.min(Math.max(ratio, 1 - clipEps), 1 + clipEps);
    const clipped = pg2 > pg1;
    lossSum += m * (clipped ? pg2 : pg1);
    clipSum += clipped ? m : 0;
    klSum += m * d * d;
    // d pg1 / d logprob = −A·ratio (d ratio / d logprob = ratio).
    dlogprob[i] = msum === 0 || clipped ? 0 : (m * -A * ratio) / msum;
  }
  if (msum === 0) return { loss: 0, clipfrac: 0, approxkl: 0 };
  return { loss: lossSum / msum, clipfrac: clipSum / msum, approxkl: (0.5 * klSum) / msum };
}
