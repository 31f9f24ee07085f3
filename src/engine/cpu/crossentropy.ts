/**
 * Fused softmax + negative log-likelihood for SFT (llm.c `softmax_forward` + `crossentropy_*`),
 * CPU reference in float64.
 *
 * A target of −1 marks an ignored row (prompt or padding): loss 0 and no gradient, while its probs
 * are still written. Any other target outside [0, V) is treated the same way, so a bad id can never
 * index outside the row (the WGSL kernel does likewise).
 */
type Floats = Float32Array | Float64Array;

/** losses (N) = −log softmax(logits)[target]; probs (N,V) = softmax(logits) per row. */
export function crossentropyForward(losses: Floats, probs: Floats, logits: Floats, targets: Int32Array, N: number, V: number): void {
  for (let n = 0; n < N; n++) {
    const o = n * V;
    let max = -Infinity;
    for (let j = 0; j < V; j++) max = Math.max(max, logits[o + j]);
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp(logits[o + j] - max);
    for (let j = 0; j < V; j++) probs[o + j] = Math.exp(logits[o + j] - max) / sum;
    const t = targets[n];
    // log-sum-exp form: exact even where probs[t] underflows to 0.
    losses[n] = t >= 0 && t < V ? Math.log(sum) + max - logits[o + t] : 0;
  }
}

/** dlogits (N,V) += dlosses[n] · (probs − onehot(target)); ignored rows get nothing. */
export function crossentropyBackward(dlogits: Floats, dlosses: Floats, probs: Floats, targets: Int32Array, N: number, V: number): void {
  for (let n = 0; n < N; n++) {
    const t = targets[n];
    if (!(t >= 0 && t < V)) continue;
    const o = n * V;
    for (let j = 0; j < V; j++) dlogits[o + j] += dlosses[n] * (probs[o + j] - (j === t ? 1 : 0));
  }
}
