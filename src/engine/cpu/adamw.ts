/**
 * AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", Algorithm 2) with bias
 * correction (Kingma & Ba 2015) and global gradient-norm clipping, CPU reference in float64.
 * One step, per parameter i, with g = grads[i]·clip:
 *   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²
 *   p ← p − lr·( (m / (1−β1^t)) / (√(v / (1−β2^t)) + eps) + wd·p )
 * which equals PyTorch's `p.mul_(1 − lr·wd)` followed by the Adam step (both use the old p).
 */
type Floats = Float32Array | Float64Array;

/** Σ grads[i]² over n entries, in float64 (the squared global L2 norm used for clipping). */
export function gradNormSquared(grads: Floats, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += grads[i] * grads[i];
  return s;
}

/** The factor the gradients are multiplied by: min(1, maxNorm / (‖g‖ + 1e-6)), or 1 when maxNorm ≤ 0. */
export function clipScale(normSq: number, maxNorm: number): number {
  return maxNorm > 0 ? Math.min(1, maxNorm / (Math.sqrt(normSq) + 1e-6)) : 1;
}

/** Updates params, m and v in place (n entries). t is the 1-based step count. */
export function adamwUpdate(
  params: Floats, grads: Floats, m: Floats, v: Floats, n: number,
  lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, t: number, normSq: number, maxNorm: number,
): void {
  if (!(Number.isInteger(t) && t >= 1)) throw new RangeError(`adamwUpdate: step t must be an integer ≥ 1, got ${t}`);
  const scale = clipScale(normSq, maxNorm);
  const bc1 = 1 - beta1 ** t;
  const bc2 = 1 - beta2 ** t;
  for (let i = 0; i < n; i++) {
    const g = grads[i] * scale;
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] -= lr * (mi / bc1 / (Math.sqrt(vi / bc2) + eps) + weightDecay * params[i]);
  }
}
