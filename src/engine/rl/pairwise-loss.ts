/**
 * Reward-model loss on preference pairs (Ouyang et al. 2022, eq. 1; Stiennon et al. 2020):
 * loss = mean_b −log σ(s_chosen − s_rejected); accuracy = fraction with s_chosen > s_rejected.
 * scores (2B): the first B are the chosen answers, the next B the rejected ones.
 * Writes dscores = ∂loss/∂scores.
 */
export interface PairwiseStats {
  loss: number;
  accuracy: number;
}

/** log σ(x), stable for large |x|. */
export function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

export function pairwiseLoss(dscores: Float32Array, scores: Float32Array, B: number): PairwiseStats {
  let loss = 0, correct = 0;
  for (let b = 0; b < B; b++) {
    const margin = scores[b] - scores[B + b];
    loss -= logSigmoid(margin);
    if (margin > 0) correct++;
    const g = -1 / (1 + Math.exp(margin)) / B; // ∂(−log σ(m))/∂m = −σ(−m)
    dscores[b] = g;
    dscores[B + b] = -g;
  }
  return { loss: loss / B, accuracy: correct / B };
}
