/**
 * Floating-point operations of a run on an engine, counted by wrapping its linear-layer and
 * attention ops (the rest — layernorm, GELU, softmax rows, AdamW — is O(N·C) and below 2% here):
 * matmul forward 2·N·C·OC, backward 4·N·C·OC (both products); attention forward per (b, h, t)
 * 2·(t+1)·hs for q·k and as much for att·v, backward twice the forward; the KV-cache decode step
 * the forward of one row at position pos. A multiply and an add count as two.
 */
import type { Backend } from '../src/engine/model/backend';

export function countFlops<F, I>(be: Backend<F, I>): { flops: number; reset(): void } {
  const c = { flops: 0, reset() { c.flops = 0; } };
  const wrap = <K extends keyof Backend<F, I>>(name: K, flops: (...a: number[]) => number, sizeArgs: number) => {
    const orig = (be[name] as unknown as (...a: unknown[]) => void).bind(be);
    (be as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
      c.flops += flops(...(a.slice(a.length - sizeArgs) as number[]));
      orig(...a);
    };
  };
  const attention = (B: number, S: number, C: number) => 2 * 2 * B * C * (S * (S + 1)) / 2; // Σ_t (t+1)·hs over heads = C·S(S+1)/2
  wrap('matmulForward', (N, C, OC) => 2 * N * C * OC, 3);
  wrap('matmulBackward', (N, C, OC) => 4 * N * C * OC, 3);
  wrap('attentionForward', (B, S, C) => attention(B, S, C), 4);
  wrap('attentionBackward', (B, S, C) => 2 * attention(B, S, C), 4);
  wrap('attentionDecode', (B, C, _NH, _maxS, pos) => 2 * 2 * B * C * (pos + 1), 5);
  return c;
}
