/**
 * What the model and the RL loop need from an engine. The CPU engine (Float32Array handles,
 * immediate) and the GPU engine (GpuView handles, recorded into one command encoder per phase)
 * both implement it, so the model and training code are written once (DESIGN.md §4).
 * Argument order follows docs/engine-contract.md: outputs first, then inputs, then sizes;
 * backward ops accumulate into their gradient outputs.
 *
 * F is a float tensor handle, I an int (token) tensor handle.
 */
export interface Backend<F = unknown, I = unknown> {
  readonly kind: 'cpu' | 'gpu';

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
  crossentropyForward(losses: F, probs: F, logits: F, targets: I, N: number, V: number): void;
  crossentropyBackward(dlogits: F, dlosses: F, probs: F, targets: I, N: number, V: number): void;
  /** Writes Σ g² into out[0]. */
  gradNormSquared(out: F, grads: F, n: number): void;
  adamwUpdate(params: F, grads: F, m: F, v: F, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, t: number, normSq: F, maxNorm: number): void;
}
