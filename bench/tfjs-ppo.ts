/**
 * One PPO iteration written with TensorFlow.js, with the maths and shapes of our PpoTrainer
 * (src/engine/rl/ppo.ts; docs/conventions.md §3), for side-by-side benchmarks (§6):
 *   sampling  the actor writes B answers of up to T tokens. TF.js has no KV cache, so one is
 *             written here the way a TF.js developer would: per layer, K and V of each new
 *             position are tf.concat-ed onto the cache (B,NH,n,hs) and the one new query attends
 *             to all of it; prompt positions go through one at a time, as in our Generator. The
 *             draw is Gumbel-max on logits / temperature (see `draw` for why not tf.multinomial);
 *             after EOS or PAD a row gets PAD. `generation: 'prefix'` is the plain alternative:
 *             a full forward over the growing prefix per new token.
 *             The tokens are read back once; the mask (1 up to and including the first EOS),
 *             hasEos and the last real token are computed on the host, as our trainer does.
 *   feedback  actor, reference, critic and reward-model forwards over (B, S = P + T);
 *             logprob[b,t] = log softmax(logits[b,P+t−1] / temperature)[tok[b,P+t]] (one-hot
 *             product, no gather: see bench/tfjs-gpt.ts), V[b,t] = critic(P+t−1), score = RM at the
 *             last real token, kl = (logprob − ref)·mask (k1), reward = −β·kl + clip(score or the
 *             missing-EOS penalty, ±rewardClip) at the last real token. Read back once.
 *   learning  GAE (δ_t = r_t + γV_{t+1}m_{t+1} − V_t, A_t = δ_t + γλ m_{t+1} A_{t+1}, masked,
 *             returns = A + V) and masked whitening over the B·T batch (biased variance, 1e-8),
 *             then K epochs × M minibatches (our shuffle: same Rng stream) of: actor loss
 *             masked_mean(max(−A·ratio, −A·clip(ratio, 1±ε))), critic loss
 *             ½·masked_mean(max((V−R)², (clip(V, Vold±εv)−R)²)), gradients by tf.variableGrads,
 *             AdamW (β 0.9/0.999, eps 1e-8, no weight decay, global-norm clip) from bench/tfjs-gpt.ts.
 *             Losses, advantages and returns are read back once at the end.
 * Left out on purpose (diagnostics, not PPO maths): entropy, clip fractions, approx-KL, the gold
 * score and the TRL statistics our trainer also computes. Only the k1 estimator is written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { TfGpt, tfInput, type TfInput } from './tfjs-gpt';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import type { Scenario } from '../src/engine/data/scenario';
import { EOS, PAD } from '../src/engine/data/tokenizer';
import type { ModelConfig, PresetName } from '../src/engine/model/config';
import { Gpt, type AdamWSettings } from '../src/engine/model/gpt';
import { namedParams, paramLayout } from '../src/engine/model/params';
import { loadShipped } from '../src/engine/pipeline/shipped';
import { modelConfigFor } from '../src/engine/pipeline/stages';
import { lrFactor, type PpoConfig } from '../src/engine/rl/ppo-config';
import { Rng } from '../src/engine/tensor/rng';
import { STREAM } from '../src/engine/tensor/streams';

/** Flat parameters (our layouts) of the four models of a run. */
export interface PpoWeightSet {
  actor: Float32Array;
  reference: Float32Array;
  critic: Float32Array;
  reward: Float32Array;
}

export interface RunWeights {
  config: ModelConfig;
  sft: Float32Array;
  reward: Float32Array;
  /** Where they came from (printed by the benches). */
  source: string;
}

/**
 * The shipped checkpoints of `scenario` (public/models/<id>/<preset>/, `npm run pretrain-models`), or,
 * when they are missing, seeded random weights: GPT-2 init (seed 1) for the SFT model, seed 2 for
 * the reward model with a non-zero head so that scores are not all zero.
 */
export async function runWeights(scenario: Scenario, preset: PresetName): Promise<RunWeights> {
  try {
    const s = await loadShipped(scenario, preset, async (p) => new Uint8Array(readFileSync(join('public', p))));
    if (!s.reward) throw new Error('no reward model');
    return { config: s.sft.config, sft: s.sft.params, reward: s.reward.params, source: `shipped checkpoints public/models/${scenario.id}/${preset}` };
  } catch (e) {
    const config = modelConfigFor(scenario, preset);
    const lm = new Gpt(new CpuBackend(), config, 'lm');
    lm.init(1);
    const rm = new Gpt(new CpuBackend(), config, 'reward');
    rm.init(2);
    const reward = rm.params.slice();
    const h = rm.layout.get('head.w');
    for (let i = h.offset; i < h.offset + h.length; i++) reward[i] = 0.5 * Math.sin(i);
    return { config, sft: lm.params.slice(), reward, source: `seeded random weights (no shipped ${preset} checkpoints: ${(e as Error).message.split('\n')[0]})` };
  }
}

export interface TfRollout {
  /** (B,S) prompt + answer, PAD after EOS. */
  tokens: Int32Array;
  /** (B,T) 1 up to and including the first EOS. */
  mask: Float32Array;
  /** (B) 1 when the answer has an EOS. */
  hasEos: Uint8Array;
  /** (B) response index of the last real token. */
  lastT: Int32Array;
}

export interface TfFeedback {
  logprobs: Float32Array;
  refLogprobs: Float32Array;
  values: Float32Array;
  scores: Float32Array;
  kl: Float32Array;
  rewards: Float32Array;
}

export interface TfLearning {
  advantages: Float32Array;
  returns: Float32Array;
  advantagesWhite: Float32Array;
  /** Per minibatch, in order (epoch-major). */
  policyLoss: number[];
  valueLoss: number[];
}

/** Device tensors kept from feedback for learning. */
interface Kept {
  tokens3: tf.Tensor3D; // (B,S,V) one-hot
  causal: tf.Tensor2D; // (S,S)
  logprobs: tf.Tensor2D; // (B,T)
  values: tf.Tensor2D;
  rewards: tf.Tensor2D;
  mask: tf.Tensor2D;
}

export class TfPpo {
  readonly actor: TfGpt;
  readonly reference: TfGpt;
  readonly critic: TfGpt;
  readonly reward: TfGpt;
  iteration = 0;
  readonly P: number;
  readonly T: number;
  readonly S: number;
  readonly V: number;
  private kept: Kept | null = null;

  constructor(readonly config: ModelConfig, w: PpoWeightSet, readonly scenario: Scenario, readonly c: PpoConfig, readonly generation: 'kv' | 'prefix' = 'kv') {
    if (c.klEstimator !== 'k1') throw new Error('TfPpo writes the k1 KL estimator only');
    const named = (flat: Float32Array, head: 'lm' | 'value') => namedParams(flat, paramLayout(config, head));
    this.actor = new TfGpt(config, named(w.actor, 'lm'));
    this.reference = new TfGpt(config, named(w.reference, 'lm'));
    this.critic = new TfGpt(config, named(w.critic, 'value'));
    this.reward = new TfGpt(config, named(w.reward, 'value'));
    this.P = scenario.promptLength;
    this.T = c.maxResponseLength;
    this.S = this.P + this.T;
    this.V = config.vocabSize;
  }

  /** Phase 1: B answers from the actor; tokens read back once. */
  async sample(): Promise<TfRollout> {
    const { P, S, c } = this;
    const B = c.batchSize;
    const prompts = this.scenario.prompts(new Rng(c.seed, STREAM.ppoPrompts, this.iteration), B);
    const host = new Int32Array(B * P);
    prompts.forEach((p, b) => host.set(p, b * P));
    const seq = tf.tidy(() => this.generation === 'kv' ? this.decodeKv(host).seq : this.decodePrefix(host));
    const tokens = (await seq.data()) as Int32Array;
    seq.dispose();
    return this.rolloutOf(tokens, B, S);
  }

  /** Mask, hasEos and last real token of sampled tokens (B,S), on the host. */
  rolloutOf(tokens: Int32Array, B: number = this.c.batchSize, S: number = this.S): TfRollout {
    const { P, T } = this;
    const mask = new Float32Array(B * T), hasEos = new Uint8Array(B), lastT = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      let t = 0;
      for (; t < T; t++) {
        mask[b * T + t] = 1;
        if (tokens[b * S + P + t] === EOS) {
          hasEos[b] = 1;
          break;
        }
      }
      lastT[b] = Math.min(t, T - 1);
    }
    return { tokens, mask, hasEos, lastT };
  }

  /**
   * Draws the token after `cur` from softmax(z), z = logits / temperature (B,V), by Gumbel-max:
   * argmax(z − log(−log u)), u uniform (tf.randomUniform: made on the host, then uploaded), an
   * exact categorical draw. Not tf.multinomial: in TF.js 4.22 its cpu kernel re-seeds its
   * generator for every row, so all B rows of one call get the same uniform (measured: 40 of 40
   * calls drew one token for all 64 rows), and its webgpu kernel hashes (row/B)·seed in f32,
   * which degenerates for large seeds. After EOS or PAD a row gets PAD.
   */
  private draw(z: tf.Tensor2D, cur: tf.Tensor1D, pos: number): tf.Tensor1D {
    const [B, V] = z.shape;
    const seed = new Rng(this.c.seed, STREAM.ppoSampling, this.iteration).uniformArray(pos + 1)[pos];
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(tf.randomUniform([B, V], 0, 1, 'float32', seed)))));
    const drawn = tf.argMax(tf.add(z, gumbel), 1) as tf.Tensor1D; // int32
    if (pos < this.P) return drawn; // cur is the prompt's last token
    return tf.where(tf.logicalOr(tf.equal(cur, EOS), tf.equal(cur, PAD)), tf.fill([B], PAD, 'int32'), drawn);
  }

  /**
   * KV-cache decoding of prompts (B,P) to (B,S). With `forced` (B,S) the next token is taken from
   * it instead of drawn (teacher forcing), and its log-prob under the actor is returned (B,T):
   * checks the cache against the full forward.
   */
  decodeKv(prompts: Int32Array, forced?: Int32Array): { seq: tf.Tensor2D; logprobs: tf.Tensor2D | null } {
    const m = this.actor;
    const { P, S, V } = this;
    const B = prompts.length / P;
    const { channels: C, heads: NH, layers: L } = this.config;
    const hs = C / NH;
    const cols = tf.unstack(tf.tensor2d(prompts, [B, P], 'int32'), 1) as tf.Tensor1D[];
    const forcedCols = forced ? (tf.unstack(tf.tensor2d(forced, [B, S], 'int32'), 1) as tf.Tensor1D[]) : null;
    const kc: tf.Tensor4D[] = [], vc: tf.Tensor4D[] = [], lps: tf.Tensor1D[] = [];
    for (let pos = 0; pos < S - 1; pos++) {
      let x = tf.add(tf.matMul(tf.oneHot(cols[pos], V).toFloat(), m.p('wte')), tf.slice(m.p('wpe'), [pos, 0], [1, C])) as tf.Tensor2D; // (B,C)
      for (let l = 0; l < L; l++) {
        const h = `h${l}.`;
        const qkv = m.linear(m.layernorm(x, h + 'ln1'), h + 'attn.qkv.w', h + 'attn.qkv.b'); // (B,3C) = [q | k | v]
        const [q, k, v] = tf.unstack(tf.transpose(tf.reshape(qkv, [B, 3, NH, 1, hs]), [1, 0, 2, 3, 4]), 0) as tf.Tensor4D[]; // (B,NH,1,hs)
        kc[l] = pos === 0 ? k : tf.concat([kc[l], k], 2); // (B,NH,pos+1,hs)
        vc[l] = pos === 0 ? v : tf.concat([vc[l], v], 2);
        const att = tf.softmax(tf.mul(tf.matMul(q, kc[l], false, true), 1 / Math.sqrt(hs))); // (B,NH,1,pos+1)
        const y = tf.reshape(tf.matMul(att, vc[l]), [B, C]) as tf.Tensor2D;
        x = tf.add(x, m.linear(y, h + 'attn.proj.w', h + 'attn.proj.b'));
        x = tf.add(x, m.linear(m.gelu(m.linear(m.layernorm(x, h + 'ln2'), h + 'mlp.fc.w', h + 'mlp.fc.b')), h + 'mlp.proj.w', h + 'mlp.proj.b'));
      }
      if (pos + 1 < P) continue; // prefill: the next token belongs to the prompt
      const z = tf.div(m.linear(m.layernorm(x, 'lnf'), 'wte', null), this.c.temperature) as tf.Tensor2D; // (B,V)
      if (forcedCols) {
        cols[pos + 1] = forcedCols[pos + 1];
        lps.push(tf.sum(tf.mul(tf.logSoftmax(z), tf.oneHot(cols[pos + 1], V)), 1) as tf.Tensor1D);
      } else cols[pos + 1] = this.draw(z, cols[pos], pos);
    }
    return { seq: tf.stack(cols, 1) as tf.Tensor2D, logprobs: lps.length ? (tf.stack(lps, 1) as tf.Tensor2D) : null };
  }

  /** Decoding without a cache: a full forward over the growing prefix for every new token. */
  private decodePrefix(prompts: Int32Array): tf.Tensor2D {
    const { P, S, V } = this;
    const B = prompts.length / P;
    const cols = tf.unstack(tf.tensor2d(prompts, [B, P], 'int32'), 1) as tf.Tensor1D[];
    for (let n = P; n < S; n++) {
      const logits = tf.reshape(this.actor.logits(tfInput(tf.stack(cols, 1), B, n, V)), [B, n, V]);
      const z = tf.div(tf.reshape(tf.slice(logits, [0, n - 1, 0], [B, 1, V]), [B, V]), this.c.temperature) as tf.Tensor2D;
      cols[n] = this.draw(z, cols[n - 1], n - 1);
    }
    return tf.stack(cols, 1) as tf.Tensor2D;
  }

  /** The actor's log-probs of teacher-forced tokens (B,S) through the KV-cache decoder (B,T). */
  async forcedLogprobs(tokens: Int32Array): Promise<Float32Array> {
    const { P, S } = this;
    const B = tokens.length / S;
    const prompts = new Int32Array(B * P);
    for (let b = 0; b < B; b++) prompts.set(tokens.subarray(b * S, b * S + P), b * P);
    const lp = tf.tidy(() => this.decodeKv(prompts, tokens).logprobs!);
    const out = (await lp.data()) as Float32Array;
    lp.dispose();
    return out;
  }

  /** log softmax(logits[b, P+t−1] / temperature)[tok[b, P+t]] (B,T); answer = one-hot tokens (B,T,V). */
  private logprobsOf(m: TfGpt, inp: TfInput, answer: tf.Tensor3D): tf.Tensor2D {
    const { B, S } = inp;
    const { P, T, V } = this;
    const logits = tf.slice(tf.reshape(m.logits(inp), [B, S, V]), [0, P - 1, 0], [B, T, V]);
    return tf.sum(tf.mul(tf.logSoftmax(tf.div(logits, this.c.temperature)), answer), -1) as tf.Tensor2D;
  }

  /** Phase 2 on rollout `r` (ours or TfPpo's own). */
  async feedback(r: TfRollout): Promise<TfFeedback> {
    this.releaseKept();
    const { P, T, S, V, c } = this;
    const B = r.lastT.length;
    const k = tf.tidy(() => {
      const inp = tfInput(r.tokens, B, S, V);
      const tokens3 = tf.reshape(inp.tokens, [B, S, V]) as tf.Tensor3D;
      const answer = tf.slice(tokens3, [0, P, 0], [B, T, V]);
      const logprobs = this.logprobsOf(this.actor, inp, answer);
      const refLogprobs = this.logprobsOf(this.reference, inp, answer);
      const values = tf.slice(this.critic.values(inp), [0, P - 1], [B, T]); // V_t: output before token t
      const lastIndex = tf.oneHot(tf.tensor1d(Array.from(r.lastT, (t) => P + t), 'int32'), S); // (B,S)
      const scores = tf.sum(tf.mul(this.reward.values(inp), lastIndex), 1); // RM at the last real token
      const mask = tf.tensor2d(r.mask, [B, T]);
      const kl = tf.mul(tf.sub(logprobs, refLogprobs), mask) as tf.Tensor2D; // k1
      const score = tf.clipByValue(tf.where(tf.tensor1d(Array.from(r.hasEos, (e) => e > 0), 'bool'), scores, tf.fill([B], c.missingEosPenalty)), -c.rewardClip, c.rewardClip);
      const last = tf.oneHot(tf.tensor1d(r.lastT, 'int32'), T); // (B,T)
      const rewards = tf.add(tf.mul(kl, -c.klCoef), tf.mul(tf.expandDims(score, 1), last)) as tf.Tensor2D;
      return { tokens3, causal: inp.causal, logprobs, refLogprobs, values, scores, kl, rewards, mask };
    });
    this.kept = { tokens3: k.tokens3, causal: k.causal, logprobs: k.logprobs, values: k.values, rewards: k.rewards, mask: k.mask };
    const [logprobs, refLogprobs, values, scores, kl, rewards] = (await Promise.all([k.logprobs, k.refLogprobs, k.values, k.scores, k.kl, k.rewards].map((t) => t.data()))) as Float32Array[];
    tf.dispose([k.refLogprobs, k.scores, k.kl]);
    return { logprobs, refLogprobs, values, scores, kl, rewards };
  }

  private adam(lr: number): AdamWSettings {
    return { lr: lr * lrFactor(this.c, this.iteration), beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maxGradNorm: this.c.maxGradNorm };
  }

  /** Phase 3: GAE, whitening, K epochs × M minibatches of actor and critic updates. */
  async learn(): Promise<TfLearning> {
    const k = this.kept;
    if (!k) throw new Error('learning before feedback');
    const { c } = this;
    const B = k.mask.shape[0];
    const mb = B / c.minibatches;
    const [adv, ret, white] = tf.tidy(() => gaeAndWhiten(k.rewards, k.values, k.mask, c.gamma, c.lambda, c.whitenAdvantages));
    const shuffle = new Rng(c.seed, STREAM.ppoShuffle, this.iteration);
    const losses: tf.Tensor1D[] = [];
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      const perm = shuffle.shuffle(Array.from({ length: B }, (_, i) => i)) as number[];
      for (let m = 0; m < c.minibatches; m++) losses.push(this.minibatch(perm.slice(m * mb, (m + 1) * mb), white, ret));
    }
    const all = tf.stack(losses);
    const [a, r, w, l] = (await Promise.all([adv, ret, white, all].map((t) => t.data()))) as Float32Array[];
    tf.dispose([adv, ret, white, all, ...losses]);
    this.releaseKept();
    this.iteration += 1;
    const policyLoss = losses.map((_, i) => l[2 * i]), valueLoss = losses.map((_, i) => l[2 * i + 1]);
    return { advantages: a, returns: r, advantagesWhite: w, policyLoss, valueLoss };
  }

  /** One actor and one critic update on the rows `rows`; returns [policy loss, value loss] (on the device). */
  private minibatch(rows: number[], white: tf.Tensor2D, returns: tf.Tensor2D): tf.Tensor1D {
    const k = this.kept!;
    const { P, T, S, V, c } = this;
    const mb = rows.length;
    return tf.tidy(() => {
      const idx = tf.tensor1d(rows, 'int32');
      const tokens3 = tf.gather(k.tokens3, idx); // (mb,S,V)
      const inp: TfInput = { B: mb, S, causal: k.causal, tokens: tf.reshape(tokens3, [mb * S, V]) as tf.Tensor2D };
      const answer = tf.slice(tokens3, [0, P, 0], [mb, T, V]) as tf.Tensor3D;
      const [old, adv, mask, ret, oldV] = [k.logprobs, white, k.mask, returns, k.values].map((x) => tf.gather(x, idx));
      const msum = tf.sum(mask);
      const maskedMean = (x: tf.Tensor) => tf.div(tf.sum(tf.mul(x, mask)), msum) as tf.Scalar;
      const actor = this.actor.valueAndGrads(() => {
        const ratio = tf.exp(tf.sub(this.logprobsOf(this.actor, inp, answer), old));
        const pg1 = tf.mul(tf.neg(adv), ratio);
        const pg2 = tf.mul(tf.neg(adv), tf.clipByValue(ratio, 1 - c.clipEps, 1 + c.clipEps));
        return maskedMean(tf.maximum(pg1, pg2)); // ties (inside the band) send the gradient to pg1
      });
      this.actor.applyAdamW(actor.grads, this.adam(c.actorLr));
      const critic = this.critic.valueAndGrads(() => {
        const v = tf.slice(this.critic.values(inp), [0, P - 1], [mb, T]);
        const vc = tf.minimum(tf.maximum(v, tf.sub(oldV, c.valueClipEps)), tf.add(oldV, c.valueClipEps));
        return tf.mul(maskedMean(tf.maximum(tf.square(tf.sub(v, ret)), tf.square(tf.sub(vc, ret)))), 0.5) as tf.Scalar;
      });
      this.critic.applyAdamW(critic.grads, this.adam(c.criticLr));
      return tf.stack([actor.loss, critic.loss]) as tf.Tensor1D;
    });
  }

  /** All three phases, with the wall time of each (each ends with its read-back). */
  async step(): Promise<{ rollout: TfRollout; ms: { sample: number; feedback: number; learn: number } }> {
    const t0 = performance.now();
    const rollout = await this.sample();
    const t1 = performance.now();
    await this.feedback(rollout);
    const t2 = performance.now();
    await this.learn();
    const t3 = performance.now();
    return { rollout, ms: { sample: t1 - t0, feedback: t2 - t1, learn: t3 - t2 } };
  }

  private releaseKept(): void {
    if (this.kept) tf.dispose(Object.values(this.kept));
    this.kept = null;
  }

  dispose(): void {
    this.releaseKept();
    for (const m of [this.actor, this.reference, this.critic, this.reward]) m.dispose();
  }
}

/** GAE (γ, λ) over (B,T) reverse in time, returns = A + V, then masked whitening (or a copy). */
function gaeAndWhiten(rewards: tf.Tensor2D, values: tf.Tensor2D, mask: tf.Tensor2D, gamma: number, lambda: number, whiten: boolean): tf.Tensor2D[] {
  const [B, T] = rewards.shape;
  const next = (x: tf.Tensor2D) => tf.concat([tf.slice(x, [0, 1], [B, T - 1]), tf.zeros([B, 1])], 1); // x_{t+1}, 0 past the end
  const mNext = next(mask);
  const delta = tf.sub(tf.add(rewards, tf.mul(tf.mul(next(values), mNext), gamma)), values);
  const d = tf.unstack(delta, 1), mn = tf.unstack(mNext, 1), m = tf.unstack(mask, 1);
  const A: tf.Tensor[] = new Array(T);
  let acc: tf.Tensor = tf.zeros([B]);
  for (let t = T - 1; t >= 0; t--) A[t] = acc = tf.mul(tf.add(d[t], tf.mul(tf.mul(mn[t], acc), gamma * lambda)), m[t]);
  const adv = tf.stack(A, 1) as tf.Tensor2D;
  const ret = tf.mul(tf.add(adv, values), mask) as tf.Tensor2D;
  if (!whiten) return [adv, ret, adv.clone()];
  const n = tf.sum(mask);
  const dev = tf.sub(adv, tf.div(tf.sum(tf.mul(adv, mask)), n));
  const variance = tf.div(tf.sum(tf.mul(tf.square(dev), mask)), n); // biased, as whiten.ts
  return [adv, ret, tf.mul(tf.mul(dev, tf.rsqrt(tf.add(variance, 1e-8))), mask) as tf.Tensor2D];
}
