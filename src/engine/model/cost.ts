/**
 * What the engine's passes cost in arithmetic (an iteration's total: rl/iteration-cost.ts):
 * floating-point operations of the linear layers and the attention (the rest — layernorm, GELU, softmax rows, AdamW — is O(N·C), under 2% here), counted
 * as a multiply and an add each. The page uses it to say, before a larger model is chosen on a
 * slow engine, what an iteration will take (time measured for the current model × the ratio), and
 * the benchmarks to report GFLOP/s. `countFlops` counts the same on a live engine; the test checks
 * the two agree on real iterations.
 */
import type { Backend } from './backend';
import type { Head, ModelConfig } from './config';

/** Attention over S positions, forward: Σ_t (t+1)·hs per head for q·k and as much for att·v, ×2 flops. */
const attentionFlops = (B: number, S: number, C: number) => (2 * 2 * B * C * S * (S + 1)) / 2;

/** One forward pass over (B, S): per layer 24·N·C² for the four linear layers, plus attention and the head. */
export function forwardFlops(c: ModelConfig, head: Head, B: number, S: number): number {
  const N = B * S, C = c.channels;
  const layer = 24 * N * C * C + attentionFlops(B, S, C);
  return c.layers * layer + 2 * N * C * (head === 'lm' ? c.vocabSize : 1);
}

/** KV-cache decoding of positions 0..S−2 (the actor writing answers); logits from position P−1 on. */
export function decodeFlops(c: ModelConfig, B: number, S: number, P: number): number {
  const C = c.channels;
  let f = 0;
  for (let pos = 0; pos < S - 1; pos++) {
    f += c.layers * (24 * B * C * C + 2 * 2 * B * C * (pos + 1));
    if (pos + 1 >= P) f += 2 * B * C * c.vocabSize;
  }
  return f;
}

/**
 * Counts the FLOPs an engine performs from now on, by wrapping its linear-layer and attention ops
 * (the same definition as above): for benchmarks and the check of ppoIterationFlops (rl/iteration-cost.ts).
 */
export function countFlops<F, I>(be: Backend<F, I>): { readonly flops: number; reset(): void } {
  let flops = 0;
  let depth = 0; // a fused op the engine runs as two counted ops (CPU) counts once, at the outer call
  const wrap = <K extends keyof Backend<F, I>>(name: K, count: (...sizes: number[]) => number, sizeArgs: number) => {
    const orig = (be[name] as unknown as (...a: unknown[]) => void).bind(be);
    (be as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
      if (depth === 0) flops += count(...(a.slice(a.length - sizeArgs) as number[]));
      depth += 1;
      try {
        orig(...a);
      } finally {
        depth -= 1;
      }
    };
  };
  wrap('matmulForward', (N, C, OC) => 2 * N * C * OC, 3);
  wrap('matmulGeluForward', (N, C, OC) => 2 * N * C * OC, 3);
  wrap('matmulBackward', (N, C, OC) => 4 * N * C * OC, 3);
  wrap('matmulGeluBackward', (N, C, OC) => 4 * N * C * OC, 3);
  wrap('attentionForward', (B, S, C) => attentionFlops(B, S, C), 4);
  wrap('attentionBackward', (B, S, C) => 2 * attentionFlops(B, S, C), 4);
  wrap('attentionDecode', (B, C, _NH, _maxS, pos) => 2 * 2 * B * C * (pos + 1), 5);
  return { get flops() { return flops; }, reset() { flops = 0; } };
}
