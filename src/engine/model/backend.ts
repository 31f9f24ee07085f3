import type { DpoLossType, GroupAdvantageOptions, GrpoLossOptions } from './rl-options';

/**
 * What the model and the RL loop need from an engine. The CPU engine (Float32Array handles,
 * immediate) and the GPU engine (GpuView handles, recorded into one command encoder per phase)
 * both implement it, so the model and training code are written once (docs/conventions.md §4).
 * Argument order follows docs/engine-contract.md: outputs first, then inputs, then sizes;
 * backward ops accumulate into their gradient outputs.
 *
 * F is a float tensor handle, I an int (token) tensor handle.
 */
export interface Backend<F = unknown, I = unknown> {
  readonly kind: 'cpu' | 'gpu';
  /** The device's buffer limits (GPU engine); models check that they fit before allocating. */
  readonly limits?: { maxBufferSize: number; maxStorageBufferBindingSize: number };

  // ---- memory -------------------------------------------------------------------------------
  /** A new tensor of n floats, zeroed. */
  floats(n: number, label?: string): F;
  /** A new tensor of n ints, zeroed. */
  ints(n: number, label?: string): I;
  /** A window of `length` elements starting at `offset` (a multiple of 64 when the GPU binds it). */
  view(t: F, offset: number, length: number): F;
  intView(t: I, offset: number, length: number): I;
  upload(t: F, data: Float32Array): void;
  uploadInts(t: I, data: Int32Array): void;
  /** Copies the tensor back (waits for recorded work first). */
  read(t: F): Promise<Float32Array>;
  readInts(t: I): Promise<Int32Array>;
  /** Several tensors in one read-back. */
  readMany(ts: F[]): Promise<Float32Array[]>;
  release(t: F | I): void;
  /** Runs what has been recorded (GPU) and waits for errors; a no-op on the CPU. */
  flush(label?: string): Promise<void>;
  fill(t: F, value: number): void;
  copy(src: F, dst: F): void;

  // ---- transformer ops (docs/engine-contract.md) ----------------------------------------------
  encoderForward(out: F, tokens: I, wte: F, wpe: F, B: number, S: number, C: number): void;
  encoderBackward(dwte: F, dwpe: F, dout: F, tokens: I, B: number, S: number, C: number): void;
  layernormForward(out: F, mean: F, rstd: F, inp: F, weight: F, bias: F, N: number, C: number): void;
  layernormBackward(dinp: F, dweight: F, dbias: F, dout: F, inp: F, weight: F, mean: F, rstd: F, N: number, C: number): void;
  matmulForward(out: F, inp: F, weight: F, bias: F | null, N: number, C: number, OC: number): void;
  matmulBackward(dinp: F, dweight: F, dbias: F | null, dout: F, inp: F, weight: F, N: number, C: number, OC: number): void;
  attentionForward(out: F, preatt: F, att: F, qkv: F, B: number, S: number, C: number, NH: number): void;
  attentionBackward(dqkv: F, dpreatt: F, datt: F, dout: F, qkv: F, att: F, B: number, S: number, C: number, NH: number): void;
  geluForward(out: F, inp: F, n: number): void;
  geluBackward(dinp: F, inp: F, dout: F, n: number): void;
  residualForward(out: F, a: F, b: F, n: number): void;
  residualBackward(da: F, db: F, dout: F, n: number): void;
  // Fused sequences of the ops above, as the model runs them (one dispatch each on the GPU; the CPU
  // engine runs the ops in sequence): the same numbers as the sequence.
  /** out = inp·weightᵀ + bias, then outGelu = gelu(out): the MLP's first layer and its activation. */
  matmulGeluForward(out: F, outGelu: F, inp: F, weight: F, bias: F, N: number, C: number, OC: number): void;
  /** matmulBackward for a layer whose input was inp = gelu(pre), then geluBackward(dpre, pre, dinp). */
  matmulGeluBackward(dinp: F, dpre: F, dweight: F, dbias: F | null, dout: F, inp: F, weight: F, pre: F, N: number, C: number, OC: number): void;
  /** residualForward(res, a, b), then layernormForward(out, mean, rstd, res, weight, bias): a residual connection and the layernorm after it. */
  residualLayernormForward(res: F, out: F, mean: F, rstd: F, a: F, b: F, weight: F, bias: F, N: number, C: number): void;
  crossentropyForward(losses: F, probs: F, logits: F, targets: I, N: number, V: number): void;
  crossentropyBackward(dlogits: F, dlosses: F, probs: F, targets: I, N: number, V: number): void;
  /** Writes Σ g² into out[0]. */
  gradNormSquared(out: F, grads: F, n: number): void;
  adamwUpdate(params: F, grads: F, m: F, v: F, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, t: number, normSq: F, maxNorm: number): void;

  // ---- incremental decoding (generation with a KV cache, no read-back per token) ---------------
  /** out (B,C) = wte[seq[b,pos]] + wpe[pos]. */
  decodeEmbed(out: F, seq: I, wte: F, wpe: F, B: number, S: number, C: number, V: number, pos: number): void;
  /** Writes this step's k, v (from qkv (B,3C)) into the caches (B,NH,maxS,hs) at pos, then attends over 0..pos → out (B,C). */
  attentionDecode(out: F, kcache: F, vcache: F, qkv: F, B: number, C: number, NH: number, maxS: number, pos: number): void;
  /** seq[b,pos+1] ← a draw from softmax(logits (B,V) / T) (Philox, same draw on both engines). */
  sampleNext(seq: I, logits: F, B: number, S: number, V: number, pos: number, P: number, d: DrawSettings): void;

  // ---- moving rows and columns (minibatches, response slices, last-token scores) --------------
  gatherRows(out: F, inp: F, idx: I, rows: number, rowLen: number): void;
  gatherRowsInt(out: I, inp: I, idx: I, rows: number, rowLen: number): void;
  sliceColumns(out: F, inp: F, B: number, T: number, S: number, start: number): void;
  scatterColumns(out: F, inp: F, B: number, T: number, S: number, start: number): void;
  gatherAt(out: F, inp: F, idx: I, B: number, S: number): void;
  scatterAt(out: F, inp: F, idx: I, B: number, S: number): void;

  // ---- RL maths (docs/conventions.md §3; references in engine/rl) ---------------------------------------
  logprobsForward(logprobs: F, entropy: F, logits: F, seq: I, B: number, T: number, S: number, P: number, V: number, temperature: number): void;
  logprobsBackward(dlogits: F, dlogprobs: F, dentropy: F, logits: F, seq: I, B: number, T: number, S: number, P: number, V: number, temperature: number): void;
  klPerToken(kl: F, logprob: F, refLogprob: F, mask: F, n: number, estimator: KlEstimator): void;
  /** hasEos: 1/0 per row. */
  perTokenRewards(rewards: F, kl: F, mask: F, scores: F, hasEos: I, B: number, T: number, beta: number, rewardClip: number, missingEosPenalty: number): void;
  whitenMasked(out: F, x: F, mask: F, n: number, shiftMean: boolean): void;
  gae(advantages: F, returns: F, rewards: F, values: F, mask: F, B: number, T: number, gamma: number, lambda: number): void;
  /** stats ← [loss, clipfrac, approxkl, Σmask]. */
  ppoPolicyLoss(dlogprob: F, stats: F, logprob: F, oldLogprob: F, advantages: F, mask: F, n: number, clipEps: number): void;
  /** stats ← [loss, clipfrac, Σmask]. */
  valueLoss(dvalues: F, stats: F, values: F, oldValues: F, returns: F, mask: F, n: number, clipEps: number): void;
  /** scores (2B) = [chosen, rejected]; stats ← [loss, accuracy]. */
  pairwiseLoss(dscores: F, stats: F, scores: F, B: number): void;

  // ---- beyond PPO: GRPO, RLOO, DPO (docs/algorithms.md; references in engine/rl) -------------
  /** Group advantages: rewards (B), advantages (B), groupStats (B/G, 2) = [mean, std]; stats ← [frac_reward_zero_std, std_batch]. */
  groupAdvantages(rewards: F, advantages: F, groupStats: F, stats: F, scores: F, hasEos: I, kl: F, mask: F, B: number, T: number, o: GroupAdvantageOptions): void;
  /** GRPO per-token loss; dlogprob (B,T) written; stats ← [loss, kl, clip low, clip high, clip region, Σmask, approxkl]. */
  grpoLoss(dlogprob: F, stats: F, logprob: F, oldLogprob: F, refLogprob: F, advantages: F, mask: F, B: number, T: number, o: GrpoLossOptions): void;
  /** out (B) = Σ_t m·x (sequence log-probs). */
  seqLogprobForward(out: F, x: F, mask: F, B: number, T: number): void;
  /** dx (B,T) += m·dout[b]. */
  seqLogprobBackward(dx: F, dout: F, mask: F, B: number, T: number): void;
  /** DPO / IPO on (2N) = [chosen, rejected] sequence log-probs; stats ← [loss, rewards/chosen, rewards/rejected, rewards/accuracies, rewards/margins]. */
  dpoLoss(dlogps: F, stats: F, logps: F, refLogps: F, lengths: F, N: number, beta: number, lossType: DpoLossType): void;
}

export type KlEstimator = 'k1' | 'k2' | 'k3';

export interface DrawSettings {
  temperature: number;
  seed: number;
  /** Philox key word 2: a sampling stream of tensor/streams.ts (STREAM.ppoSampling, …). */
  stream: number;
  /** Philox counter word 2: the stream's index (a PPO iteration, a labelling round). */
  iteration: number;
  eos: number;
  pad: number;
}
