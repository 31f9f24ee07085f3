/**
 * Direct Preference Optimisation (Rafailov et al. 2023) and IPO (Azar et al. 2023) on sequence
 * log-probs, as TRL's DPOTrainer._compute_loss (TRL 1.10, f_divergence 'reverse_kl';
 * docs/algorithms.md). For N pairs, logps (2N) = [chosen (N), rejected (N)] under the policy and
 * refLogps under the frozen reference; lengths (2N) are the answers' token counts (IPO only):
 *
 *   h = (ℓ_c − ℓ_ref,c) − (ℓ_r − ℓ_ref,r)
 *   'sigmoid': loss = mean −log σ(β·h)
 *   'ipo':     h' = (ℓ_c − ℓ_ref,c)/len_c − (ℓ_r − ℓ_ref,r)/len_r  (TRL's per-token normalisation)
 *              loss = mean (h' − 1/(2β))²
 *
 * dlogps = ∂loss/∂logps is written. Statistics with TRL's names and definitions (the implicit
 * rewards are β·log-ratio for both loss types): rewards/chosen, rewards/rejected,
 * rewards/accuracies (share with reward_c > reward_r), rewards/margins.
 * CPU reference for shaders/dpo_loss.wgsl; float64 inside.
 */
import type { DpoLossType } from '../model/rl-options';
import { logSigmoid } from './pairwise-loss';

export type { DpoLossType } from '../model/rl-options';
export const DPO_LOSS_TYPES: readonly DpoLossType[] = ['sigmoid', 'ipo'];

export interface DpoStats {
  loss: number;
  rewardsChosen: number;
  rewardsRejected: number;
  accuracies: number;
  margins: number;
}

type Floats = Float32Array | Float64Array;

export function dpoLoss(
  dlogps: Floats, // (2N) out
  logps: Floats, // (2N) policy: chosen then rejected
  refLogps: Floats, // (2N) reference
  lengths: Floats, // (2N) answer tokens (IPO)
  N: number,
  beta: number,
  lossType: DpoLossType,
): DpoStats {
  if (!(beta > 0)) throw new RangeError(`dpoLoss: beta must be > 0, got ${beta}`);
  if (N === 0) return { loss: 0, rewardsChosen: 0, rewardsRejected: 0, accuracies: 0, margins: 0 };
  let loss = 0, rc = 0, rr = 0, acc = 0;
  for (let i = 0; i < N; i++) {
    const c = logps[i] - refLogps[i], r = logps[N + i] - refLogps[N + i];
    if (lossType === 'sigmoid') {
      const z = beta * (c - r);
      loss -= logSigmoid(z);
      const g = (-beta / (1 + Math.exp(z))) / N; // ∂(−log σ(z))/∂c = −β·σ(−z)
      dlogps[i] = g;
      dlogps[N + i] = -g;
    } else {
      const lc = Math.max(1, lengths[i]), lr = Math.max(1, lengths[N + i]);
      const e = c / lc - r / lr - 1 / (2 * beta);
      loss += e * e;
      dlogps[i] = (2 * e) / lc / N;
      dlogps[N + i] = (-2 * e) / lr / N;
    }
    rc += beta * c;
    rr += beta * r;
    if (beta * c > beta * r) acc++;
  }
  return { loss: loss / N, rewardsChosen: rc / N, rewardsRejected: rr / N, accuracies: acc / N, margins: (rc - rr) / N };
}
