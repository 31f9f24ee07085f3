/**
 * Per-token KL estimates and per-token rewards (docs/conventions.md §3), CPU reference in float64.
 * The WGSL kernels in shaders/kl_rewards.wgsl are checked against these functions.
 */

/** Float32 in the engine; Float64 lets tests take finite differences without float32 rounding. */
type Floats = Float32Array | Float64Array;

/** Schulman, "Approximating KL divergence" (2020): k1 unbiased, k2 low variance, k3 unbiased and ≥ 0. */
export type KlEstimator = 'k1' | 'k2' | 'k3';

export const KL_ESTIMATORS: readonly KlEstimator[] = ['k1', 'k2', 'k3'];

/**
 * log r = ref − logprob is clamped to at most this before exp in k3, on the CPU and the GPU alike:
 * exp(80) ≈ 5.5e34 still fits a float32 (max ≈ 3.4e38), so k3 stays finite instead of overflowing
 * to inf and turning rewards, GAE and whitening into NaN. It only matters when the policy gives a
 * token it sampled a probability e^80 times smaller than the reference does.
 */
export const K3_MAX_LOG_RATIO = 80;

/** One token's KL estimate from Δ = logprob − refLogprob. */
export function klEstimate(delta: number, estimator: KlEstimator): number {
  switch (estimator) {
    case 'k1':
      return delta;
    case 'k2':
      return 0.5 * delta * delta;
    case 'k3': {
      // r = exp(ref − logprob) = exp(−Δ); k3 = (r − 1) − log r. Math.expm1 avoids the cancellation
      // of exp(−Δ) − 1 for small Δ, where k3 ≈ Δ²/2.
      const logR = Math.min(-delta, K3_MAX_LOG_RATIO);
      return Math.expm1(logR) - logR;
    }
  }
}

/** kl (n) = estimator(logprob − refLogprob) where mask ≠ 0, else 0 (garbage at masked positions never leaks). */
export function klPerToken(
  kl: Floats,
  logprob: Floats,
  refLogprob: Floats,
  mask: Floats,
  n: number,
  estimator: KlEstimator = 'k1',
): void {
  for (let i = 0; i < n; i++) {
    kl[i] = mask[i] !== 0 ? klEstimate(logprob[i] - refLogprob[i], estimator) : 0;
  }
}

/** Index t of the last real token of row b (last t with mask > 0), or −1 for an all-masked row. */
export function lastRealToken(mask: Floats, b: number, T: number): number {
  for (let t = T - 1; t >= 0; t--) if (mask[b * T + t] > 0) return t;
  return -1;
}

/**
 * rewards (B,T) = −β·kl·mask, plus clip(score_b, −rewardClip, +rewardClip) at the last real token of
 * row b, where score_b = missingEosPenalty when hasEos[b] = 0 (PAD is not EOS). All-masked rows get
 * zeros. rewardClip = Infinity disables clipping.
 */
export function perTokenRewards(
  rewards: Floats,
  kl: Floats,
  mask: Floats,
  scores: Floats,
  hasEos: Uint8Array,
  B: number,
  T: number,
  beta: number,
  rewardClip: number,
  missingEosPenalty: number,
): void {
  if (!(rewardClip >= 0)) throw new RangeError(`rewardClip must be ≥ 0, got ${rewardClip}`);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      rewards[i] = mask[i] !== 0 ? -beta * kl[i] * mask[i] : 0;
    }
    const last = lastRealToken(mask, b, T);
    if (last < 0) continue;
    const score = hasEos[b] ? scores[b] : missingEosPenalty;
    rewards[b * T + last] += Math.min(rewardClip, Math.max(-rewardClip, score));
  }
}
