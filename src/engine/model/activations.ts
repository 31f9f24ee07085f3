import { Layout } from '../tensor/layout';
import type { Head, ModelConfig } from './config';

/**
 * Activations saved by the forward pass for a batch of B sequences of length S (llm.c's
 * ActivationTensors). The backward pass uses a second buffer with the same layout for their gradients.
 */
export function activationLayout(c: ModelConfig, head: Head, B: number, S: number): Layout {
  const { channels: C, heads: NH } = c;
  const N = B * S;
  const l = new Layout();
  l.add('encoded', [B, S, C]);
  for (let i = 0; i < c.layers; i++) {
    const p = `h${i}.`;
    l.add(p + 'ln1', [N, C]);
    l.add(p + 'ln1.mean', [N]);
    l.add(p + 'ln1.rstd', [N]);
    l.add(p + 'qkv', [N, 3 * C]);
    l.add(p + 'atty', [N, C]);
    l.add(p + 'preatt', [B, NH, S, S]);
    l.add(p + 'att', [B, NH, S, S]);
    l.add(p + 'attproj', [N, C]);
    l.add(p + 'residual2', [N, C]);
    l.add(p + 'ln2', [N, C]);
    l.add(p + 'ln2.mean', [N]);
    l.add(p + 'ln2.rstd', [N]);
    l.add(p + 'fch', [N, 4 * C]);
    l.add(p + 'fch_gelu', [N, 4 * C]);
    l.add(p + 'fcproj', [N, C]);
    l.add(p + 'residual3', [N, C]);
  }
  l.add('lnf', [N, C]);
  l.add('lnf.mean', [N]);
  l.add('lnf.rstd', [N]);
  l.add('out', head === 'lm' ? [B, S, c.vocabSize] : [B, S]);
  return l;
}
