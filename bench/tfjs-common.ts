/**
 * What the TF.js comparisons share: the fixed SFT batch, the optimizer settings, and small
 * formatting helpers. The batch is a PackedBatch as src/engine/rl/sequences.ts builds them: random
 * tokens from a seeded Rng, a prompt of P positions whose predictions are not counted (target −1),
 * next-token targets for the answer, and no target after the last position.
 */
import type { AdamWSettings } from '../src/engine/model/gpt';
import type { PackedBatch } from '../src/engine/rl/sequences';
import { Rng } from '../src/engine/tensor/rng';
import { STREAM } from '../src/engine/tensor/streams';

export const V = 52;
export const BATCH = { B: 64, S: 16, P: 4 } as const;

/** DEFAULT_ADAMW with a little weight decay so the decoupled-decay term is exercised too. */
export const ADAMW: AdamWSettings = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, maxGradNorm: 1 };

export function randomBatch(seed: number, B: number = BATCH.B, S: number = BATCH.S, P: number = BATCH.P, vocab: number = V): PackedBatch {
  const rng = new Rng(seed, STREAM.sftBatches);
  const tokens = new Int32Array(B * S);
  for (let i = 0; i < tokens.length; i++) tokens[i] = rng.int(vocab);
  const targets = new Int32Array(B * S).fill(-1);
  // Position t predicts token t+1; only answer tokens (t+1 ≥ P) count, as in SFT.
  for (let b = 0; b < B; b++) for (let t = P - 1; t < S - 1; t++) targets[b * S + t] = tokens[b * S + t + 1];
  return { B, S, P, tokens, targets, lastIndex: new Int32Array(B).fill(S - 1) };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const fmtMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) + ' ms';

export const fmtBytes = (n: number): string => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

/** Largest |a−b| relative to the largest |b| of the tensor (a scale-free per-tensor error). */
export function relToMax(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return m > 0 ? d / m : d;
}
