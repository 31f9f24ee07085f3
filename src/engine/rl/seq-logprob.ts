/**
 * Sequence log-probabilities: the sum of an answer's token log-probs over its real tokens,
 * log π(y|x) = Σ_t m[b,t]·ℓ[b,t] (DPO's logps, TRL's `(per_token_logps * completion_mask).sum(1)`,
 * RLOO's sequence ratio). Masked positions are skipped (garbage there never enters the sum).
 * CPU reference for shaders/seq_logprob.wgsl; float64 inside.
 */
type Floats = Float32Array | Float64Array;

/** out (B) = Σ_t m·x over each row of x (B, T). */
export function seqLogprobForward(out: Floats, x: Floats, mask: Floats, B: number, T: number): void {
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let t = 0; t < T; t++) {
      const m = mask[b * T + t];
      if (m !== 0) s += m * x[b * T + t];
    }
    out[b] = s;
  }
}

/** dx (B, T) += m·dout[b]: the gradient of the row sums (accumulates, like every backward). */
export function seqLogprobBackward(dx: Floats, dout: Floats, mask: Floats, B: number, T: number): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const m = mask[b * T + t];
      if (m !== 0) dx[b * T + t] += m * dout[b];
    }
  }
}
