/**
 * The same GPT and the same SFT step written with TensorFlow.js, for side-by-side benchmarks
 * (docs/conventions.md §6). Maths as in src/engine/model/gpt.ts and the engine ops:
 *   x = wte[tok] + wpe[pos]; per block (pre-LN, GPT-2):
 *     x += proj(causal_mha(ln1(x)))   scores · 1/√hs, qkv packed [q | k | v], head h at h·hs
 *     x += proj(gelu_tanh(fc(ln2(x))))
 *   logits = lnf(x) · wteᵀ (tied LM head), or values = lnf(x) · head.wᵀ + head.b (value/reward
 *   head, when the parameters have one); LayerNorm: biased variance, eps 1e-5
 *   loss = mean over rows with target ≠ −1 of −log softmax(logits)[target]
 * and AdamW as src/engine/cpu/adamw.ts: global-norm clip min(1, maxNorm/(‖g‖+1e-6)), bias-corrected
 * moments, decoupled weight decay on every parameter, all with tf ops so nothing is read back.
 * Gradients come from TF.js autodiff (`tf.variableGrads`), i.e. nothing of ours is reused but
 * the parameter values.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../src/engine/model/config';
import type { AdamWSettings } from '../src/engine/model/gpt';

type Named = Map<string, { shape: number[]; data: Float32Array }>;

const GELU_K = Math.sqrt(2 / Math.PI);
const LN_EPS = 1e-5;
// Additive causal mask: exp(−1e9 − max) is exactly 0 in float32, as the engine's skipped entries.
const MASKED = -1e9;

let instances = 0;

/** Tokens on the TF.js side, what a forward needs: B rows of S positions. */
export interface TfInput {
  B: number;
  S: number;
  /**
   * One-hot tokens (N,V): the embedding is onehot · wte, whose gradient is a matmul. tf.gather's
   * gradient (UnsortedSegmentSum) has no wasm kernel in TF.js 4.22, and one graph for every
   * backend keeps the comparison fair; the extra work is N·V·C MACs per pass (≈2.5 M for tiny).
   */
  tokens: tf.Tensor2D;
  /** Causal mask bias (S,S): 0 where key ≤ query, −1e9 above the diagonal. */
  causal: tf.Tensor2D;
}

/** An SFT batch on the TF.js side: tokens (B,S) and flat targets (N) with −1 = not counted. */
export interface TfBatch extends TfInput {
  /** One-hot targets (N,V); rows of ignored positions are all zero (tf.oneHot of −1). */
  targets: tf.Tensor2D;
  /** Number of counted rows (targets ≠ −1): the loss is a mean over these. */
  count: number;
}

/** Causal mask bias (S,S) for sequences of S positions. */
export function causalMask(S: number): tf.Tensor2D {
  const causalData = new Float32Array(S * S);
  for (let t = 0; t < S; t++) for (let t2 = t + 1; t2 < S; t2++) causalData[t * S + t2] = MASKED;
  return tf.tensor2d(causalData, [S, S]);
}

/** One-hot tokens (B·S, V) and the causal mask from host tokens or an int32 tensor (B,S). */
export function tfInput(tokens: Int32Array | tf.Tensor, B: number, S: number, V: number): TfInput {
  return {
    B, S,
    tokens: tf.tidy(() => tf.oneHot(tokens instanceof tf.Tensor ? tf.reshape(tokens, [-1]) as tf.Tensor1D : tf.tensor1d(tokens, 'int32'), V).toFloat() as tf.Tensor2D),
    causal: causalMask(S),
  };
}

export function tfBatch(tokens: Int32Array, targets: Int32Array, B: number, S: number, V: number): TfBatch {
  const count = targets.reduce((n, t) => n + (t >= 0 && t < V ? 1 : 0), 0);
  return {
    ...tfInput(tokens, B, S, V),
    count,
    // tf.oneHot gives an all-zero row for an index outside [0, V): ignored rows drop out of the sum.
    targets: tf.tidy(() => tf.oneHot(tf.tensor1d(targets, 'int32'), V).toFloat() as tf.Tensor2D),
  };
}

export function disposeBatch(b: TfBatch): void {
  tf.dispose([b.tokens, b.targets, b.causal]);
}

export class TfGpt {
  /** Parameter variables by our names (wte, h0.attn.qkv.w, …), in layout order. */
  readonly vars = new Map<string, tf.Variable>();
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  steps = 0;

  /** Builds variables on the current TF.js backend from `model.namedParams()` of one of our models. */
  constructor(readonly config: ModelConfig, named: Named) {
    const id = instances++; // tf variable names are global to the engine
    for (const [name, { shape, data }] of named) {
      this.vars.set(name, tf.variable(tf.tensor(data, shape), true, `g${id}/${name}`));
      this.m.set(name, tf.variable(tf.zeros(shape), false, `g${id}/m/${name}`));
      this.v.set(name, tf.variable(tf.zeros(shape), false, `g${id}/v/${name}`));
    }
  }

  /** 'lm' (logits tied to wte) or 'value' (a scalar per position from head.w, head.b: critic and reward model). */
  get head(): 'lm' | 'value' {
    return this.vars.has('head.w') ? 'value' : 'lm';
  }

  p(name: string): tf.Variable {
    const x = this.vars.get(name);
    if (!x) throw new Error(`TfGpt: no parameter ${name}`);
    return x;
  }

  /** x (N,C) → (N,OC) with weight (OC,C) as stored (row = output channel). */
  linear(x: tf.Tensor2D, w: string, b: string | null): tf.Tensor2D {
    const y = tf.matMul(x, this.p(w), false, true) as tf.Tensor2D;
    return b ? (tf.add(y, this.p(b)) as tf.Tensor2D) : y;
  }

  layernorm(x: tf.Tensor2D, prefix: string): tf.Tensor2D {
    const { mean, variance } = tf.moments(x, -1, true); // biased variance, as the engine
    const norm = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LN_EPS)));
    return tf.add(tf.mul(norm, this.p(prefix + '.w')), this.p(prefix + '.b'));
  }

  private attention(qkv: tf.Tensor2D, batch: TfInput): tf.Tensor2D {
    const { B, S } = batch;
    const { channels: C, heads: NH } = this.config;
    const hs = C / NH;
    // (N,3C) = (B,S,3,NH,hs) in the packing of docs/engine-contract.md → (3,B,NH,S,hs) in one
    // transpose, then q, k, v are contiguous slices (TF.js' cpu backend copies those as sub-arrays;
    // a split along the channel axis instead costs it an element-by-element gather).
    const heads = tf.transpose(tf.reshape(qkv, [B, S, 3, NH, hs]), [2, 0, 3, 1, 4]);
    const [q, k, v] = tf.unstack(heads, 0) as tf.Tensor4D[]; // each (B,NH,S,hs)
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hs)), batch.causal); // (B,NH,S,S)
    const y = tf.matMul(tf.softmax(scores), v); // (B,NH,S,hs)
    return tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * S, C]);
  }

  gelu(x: tf.Tensor2D): tf.Tensor2D {
    const u = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), GELU_K);
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(u), 1));
  }

  /** The final LayerNorm's output (N,C) for tokens (B,S). */
  hidden(batch: TfInput): tf.Tensor2D {
    const { B, S } = batch;
    const { channels: C, layers: L } = this.config;
    const N = B * S;
    const pos = tf.slice(this.p('wpe'), [0, 0], [S, C]); // (S,C)
    const tok = tf.reshape(tf.matMul(batch.tokens, this.p('wte')), [B, S, C]); // wte[tokens], (B,S,C)
    let x = tf.reshape(tf.add(tok, pos), [N, C]) as tf.Tensor2D; // (N,C)
    for (let l = 0; l < L; l++) {
      const h = `h${l}.`;
      const qkv = this.linear(this.layernorm(x, h + 'ln1'), h + 'attn.qkv.w', h + 'attn.qkv.b'); // (N,3C)
      x = tf.add(x, this.linear(this.attention(qkv, batch), h + 'attn.proj.w', h + 'attn.proj.b'));
      const fch = this.linear(this.layernorm(x, h + 'ln2'), h + 'mlp.fc.w', h + 'mlp.fc.b'); // (N,4C)
      x = tf.add(x, this.linear(this.gelu(fch), h + 'mlp.proj.w', h + 'mlp.proj.b'));
    }
    return this.layernorm(x, 'lnf');
  }

  /** Logits (N,V) for tokens (B,S). */
  logits(batch: TfInput): tf.Tensor2D {
    return this.linear(this.hidden(batch), 'wte', null); // tied head, (N,V)
  }

  /** Value/reward head: one scalar per position, (B,S). */
  values(batch: TfInput): tf.Tensor2D {
    return tf.reshape(this.linear(this.hidden(batch), 'head.w', 'head.b'), [batch.B, batch.S]);
  }

  /** Mean next-token cross-entropy over the counted rows. */
  loss(batch: TfBatch): tf.Scalar {
    const logp = tf.logSoftmax(this.logits(batch));
    return tf.div(tf.neg(tf.sum(tf.mul(logp, batch.targets))), Math.max(1, batch.count));
  }

  /** Loss and gradients by autodiff (the caller disposes them). */
  lossAndGrads(batch: TfBatch): { loss: tf.Scalar; grads: Map<string, tf.Tensor> } {
    return this.valueAndGrads(() => this.loss(batch));
  }

  /** Any scalar loss of this model and its gradients by name (the caller disposes them). */
  valueAndGrads(f: () => tf.Scalar): { loss: tf.Scalar; grads: Map<string, tf.Tensor> } {
    const { value, grads } = tf.variableGrads(f, [...this.vars.values()]);
    const byName = new Map<string, tf.Tensor>();
    for (const [name, x] of this.vars) byName.set(name, grads[x.name]);
    return { loss: value, grads: byName };
  }

  /** One AdamW step from gradients (src/engine/cpu/adamw.ts), recorded as tf ops, no read-back. */
  applyAdamW(grads: Map<string, tf.Tensor>, s: AdamWSettings): void {
    this.steps += 1;
    const t = this.steps;
    const bc1 = 1 - s.beta1 ** t;
    const bc2 = 1 - s.beta2 ** t;
    tf.tidy(() => {
      const gs = [...grads.values()];
      // A chain of adds, not tf.addN: TF.js' webgpu addN binds every input at once, and 29
      // inputs exceed the default limit of 8 storage buffers per shader stage.
      const normSq = gs.map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b));
      const scale = s.maxGradNorm > 0 ? tf.minimum(1, tf.div(s.maxGradNorm, tf.add(tf.sqrt(normSq), 1e-6))) : tf.scalar(1);
      for (const [name, p] of this.vars) {
        const g = tf.mul(grads.get(name)!, scale);
        const m = this.m.get(name)!, v = this.v.get(name)!;
        const mNew = tf.add(tf.mul(m, s.beta1), tf.mul(g, 1 - s.beta1));
        const vNew = tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2));
        const update = tf.div(tf.div(mNew, bc1), tf.add(tf.sqrt(tf.div(vNew, bc2)), s.eps));
        const decayed = s.weightDecay > 0 ? tf.add(update, tf.mul(p, s.weightDecay)) : update;
        p.assign(tf.sub(p, tf.mul(decayed, s.lr)));
        m.assign(mNew);
        v.assign(vNew);
      }
    });
  }

  /** One SFT step (forward, autodiff backward, AdamW). Returns the loss tensor (caller disposes). */
  trainStep(batch: TfBatch, s: AdamWSettings): tf.Scalar {
    return tf.tidy(() => {
      const { loss, grads } = this.lossAndGrads(batch);
      this.applyAdamW(grads, s);
      return loss;
    });
  }

  /** Parameters back as name → data (reads back). */
  async namedParams(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, x] of this.vars) out.set(name, (await x.data()) as Float32Array);
    return out;
  }

  dispose(): void {
    for (const map of [this.vars, this.m, this.v]) for (const x of map.values()) x.dispose();
  }
}
