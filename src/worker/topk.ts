/**
 * The k most likely next tokens under softmax(logits / temperature) — the distribution the actor
 * sampled from (conventions §3: the same temperature divides every policy's logits).
 */
export function topK(logits: ArrayLike<number>, temperature: number, k: number, sampled: number): { temperature: number; tokens: number[]; probs: number[]; sampledProb: number } {
  const V = logits.length;
  let max = -Infinity;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[i] / temperature);
  const p = new Float64Array(V);
  let z = 0;
  for (let i = 0; i < V; i++) z += p[i] = Math.exp(logits[i] / temperature - max);
  for (let i = 0; i < V; i++) p[i] /= z;
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => p[b] - p[a]).slice(0, Math.min(k, V));
  return { temperature, tokens: order, probs: order.map((i) => p[i]), sampledProb: sampled >= 0 && sampled < V ? p[sampled] : NaN };
}
