/**
 * GRPO's per-token loss and its gradient, as TRL's GRPOTrainer._compute_loss (TRL 1.10, token-level
 * importance sampling; docs/algorithms.md). One advantage per answer, on every token of it:
 *
 *   ρ = exp(ℓ − ℓ_old),  pg = −min(ρ·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A)
 *   k3 = exp(ℓ_ref − ℓ) − (ℓ_ref − ℓ) − 1                       (KL to the reference, in the loss)
 *   per-token loss  l = pg + β·k3
 *
 * aggregated by `lossType` (masked tokens never count):
 *   'grpo'    — mean over each answer's tokens (length clamped to ≥ 1), then mean over the B answers
 *   'bnpo'    — Σ l·m / max(1, Σ m) over the minibatch
 *   'dr_grpo' — Σ l·m / (B · maxCompletionLength)
 *   'dapo'    — Σ l·m / max(1, numItemsInBatch): the token count of the whole generation batch, so a
 *               minibatch's loss is its share of the batch's token mean (TRL's num_items_in_batch)
 *
 * ∂l/∂ℓ = [clipped strictly ? 0 : −A·ρ] + β·(1 − exp(ℓ_ref − ℓ)); dlogprob = weight·m·∂l/∂ℓ is written.
 * "Clipped strictly" is clip(ρ)·A < ρ·A: where they tie (ρ inside the band, or A = 0) torch.min
 * gives the gradient of ρ·A. Stats follow TRL's names: kl (masked mean of k3), clip_ratio/low_mean
 * (ρ < 1 − ε_low and A < 0), clip_ratio/high_mean (ρ > 1 + ε_high and A > 0), clip_ratio/region_mean.
 * Also the loss of a sequence-level ratio (TRL's RLOO): call with T = 1 on the answers' summed
 * log-probs, β = 0 and 'bnpo' (the mean over answers). CPU reference for shaders/grpo_loss.wgsl.
 */
import type { GrpoLossOptions, GrpoLossType } from '../model/rl-options';

export type { GrpoLossOptions, GrpoLossType } from '../model/rl-options';
export const GRPO_LOSS_TYPES: readonly GrpoLossType[] = ['grpo', 'bnpo', 'dr_grpo', 'dapo'];

export interface GrpoLossStats {
  loss: number;
  kl: number;
  clipLow: number;
  clipHigh: number;
  clipRegion: number;
  maskSum: number;
}

type Floats = Float32Array | Float64Array;

export function grpoLoss(
  dlogprob: Floats, // (B, T) out, = ∂loss/∂logprob
  logprob: Floats, // (B, T)
  oldLogprob: Floats, // (B, T)
  refLogprob: Floats, // (B, T) (unused when beta = 0)
  advantages: Floats, // (B): one per answer
  mask: Floats, // (B, T)
  B: number,
  T: number,
  o: GrpoLossOptions,
): GrpoLossStats {
  if (!(o.epsilonLow >= 0) || !(o.epsilonHigh >= 0)) throw new RangeError(`grpoLoss: epsilons must be ≥ 0, got ${o.epsilonLow}, ${o.epsilonHigh}`);
  let msum = 0;
  for (let i = 0; i < B * T; i++) msum += mask[i];
  const weight = (b: number): number => {
    if (o.lossType === 'bnpo') return 1 / Math.max(1, msum);
    if (o.lossType === 'dr_grpo') return 1 / (B * o.maxCompletionLength);
    if (o.lossType === 'dapo') return 1 / Math.max(1, o.numItemsInBatch);
    let len = 0;
    for (let t = 0; t < T; t++) len += mask[b * T + t];
    return 1 / (B * Math.max(1, len));
  };
  let loss = 0, kl = 0, low = 0, high = 0;
  for (let b = 0; b < B; b++) {
    const w = weight(b), A = advantages[b];
    for (let t = 0; t < T; t++) {
      const i = b * T + t, m = mask[i];
      if (m === 0) {
        dlogprob[i] = 0;
        continue;
      }
      const ratio = Math.exp(logprob[i] - oldLogprob[i]);
      const unclipped = ratio * A;
      const clippedTerm = Math.min(Math.max(ratio, 1 - o.epsilonLow), 1 + o.epsilonHigh) * A;
      const clipped = clippedTerm < unclipped;
      let l = -Math.min(unclipped, clippedTerm);
      let g = clipped ? 0 : -A * ratio;
      if (o.beta !== 0) {
        const d = refLogprob[i] - logprob[i];
        const k3 = Math.exp(d) - d - 1;
        l += o.beta * k3;
        g += o.beta * (1 - Math.exp(d));
        kl += m * k3;
      }
      loss += w * m * l;
      dlogprob[i] = w * m * g;
      if (ratio < 1 - o.epsilonLow && A < 0) low += m;
      if (ratio > 1 + o.epsilonHigh && A > 0) high += m;
    }
  }
  const inv = 1 / Math.max(1, msum);
  return { loss, kl: kl * inv, clipLow: low * inv, clipHigh: high * inv, clipRegion: (low + high) * inv, maskSum: msum };
}
