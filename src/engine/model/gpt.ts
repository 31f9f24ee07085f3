import type { Layout } from '../tensor/layout';
import { activationLayout } from './activations';
import type { Backend } from './backend';
import { validateConfig, type Head, type ModelConfig } from './config';
import { assertFits } from './footprint';
import { initParams, namedParams, paramLayout } from './params';

export interface AdamWSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Global gradient-norm clip; 0 turns clipping off. */
  maxGradNorm: number;
}

/** Activation gradients the backward pass never uses (see zeroActGrads), and the head output's, filled by the caller. */
const UNUSED_GRADS = /(^out|\.mean|\.rstd|\.residual2|\.residual3|\.attproj|\.fcproj)$/;

export const DEFAULT_ADAMW: AdamWSettings = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maxGradNorm: 1 };

/**
 * Activations of one (B, S) shape. Each activation and each activation gradient is its own tensor:
 * WebGPU forbids binding one buffer both read-only and read-write in a dispatch, and every op reads
 * one activation and writes another.
 */
interface Batch<F> {
  B: number;
  S: number;
  layout: Layout;
  views: Map<string, F>;
  gradViews: Map<string, F>;
}

/**
 * The tiny GPT (GPT-2 architecture) with one of three heads, written once against `Backend`.
 * Parameters, gradients and both Adam moments are flat tensors with the named views of
 * `paramLayout`. `forward` leaves the head output in `output()`: logits (B,S,V) for 'lm', a value
 * per position (B,S) for 'value' and 'reward'. `backward` takes d(output) and accumulates into
 * the parameter gradients. The order of calls follows llm.c's gpt2_forward / gpt2_backward.
 */
export class Gpt<F, I> {
  readonly layout: Layout;
  readonly params: F;
  readonly grads: F;
  private readonly m: F;
  private readonly v: F;
  private readonly normSq: F;
  private readonly paramViews = new Map<string, F>();
  private readonly paramGradViews = new Map<string, F>();
  private batch: Batch<F> | null = null;
  /** Activation sets by shape: PPO alternates rollout (B) and minibatch (mb) shapes every phase; PTX and DPO add theirs. */
  private readonly batches = new Map<string, Batch<F>>();
  /** Optimizer steps taken (Adam's t). */
  steps = 0;

  constructor(
    readonly backend: Backend<F, I>,
    readonly config: ModelConfig,
    readonly head: Head,
  ) {
    validateConfig(config);
    this.layout = paramLayout(config, head);
    const n = this.layout.size;
    this.params = backend.floats(n, `${head}.params`);
    this.grads = backend.floats(n, `${head}.grads`);
    this.m = backend.floats(n, `${head}.adam_m`);
    this.v = backend.floats(n, `${head}.adam_v`);
    this.normSq = backend.floats(1, `${head}.grad_norm_sq`);
    for (const e of this.layout.entries()) {
      this.paramViews.set(e.name, backend.view(this.params, e.offset, e.length));
      this.paramGradViews.set(e.name, backend.view(this.grads, e.offset, e.length));
    }
  }

  /** Number of trainable parameters (without alignment padding). */
  get parameterCount(): number {
    return this.layout.used;
  }

  /** Bytes held: parameters, gradients + Adam moments, and the current batch's activations (+ their gradients). */
  memory(): { parameters: number; optimizer: number; activations: number } {
    const p = this.layout.size * 4;
    let activations = 0;
    for (const b of this.batches.values()) activations += 2 * b.layout.used * 4;
    return { parameters: p, optimizer: 3 * p, activations };
  }

  /** Fresh GPT-2-style weights from `seed`; resets the optimizer. */
  init(seed: number): void {
    const flat = new Float32Array(this.layout.size);
    initParams(flat, this.layout, this.config, seed);
    this.setParams(flat);
  }

  setParams(flat: Float32Array): void {
    if (flat.length !== this.layout.size) throw new RangeError(`setParams: expected ${this.layout.size} floats, got ${flat.length}`);
    this.backend.upload(this.params, flat);
    this.backend.fill(this.m, 0);
    this.backend.fill(this.v, 0);
    this.steps = 0;
  }

  /** Weights, both Adam moments and the step count: everything needed to resume training. */
  async getState(): Promise<{ params: Float32Array; m: Float32Array; v: Float32Array; steps: number }> {
    const [params, m, v] = await this.backend.readMany([this.params, this.m, this.v]);
    return { params, m, v, steps: this.steps };
  }

  setState(s: { params: Float32Array; m: Float32Array; v: Float32Array; steps: number }): void {
    const n = this.layout.size;
    if (s.params.length !== n || s.m.length !== n || s.v.length !== n) throw new RangeError(`setState: expected ${n} floats per tensor`);
    this.backend.upload(this.params, s.params);
    this.backend.upload(this.m, s.m);
    this.backend.upload(this.v, s.v);
    this.steps = s.steps;
  }

  async getParams(): Promise<Float32Array> {
    return this.backend.read(this.params);
  }

  async namedParams(): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
    return namedParams(await this.getParams(), this.layout);
  }

  param(name: string): F {
    const p = this.paramViews.get(name);
    if (!p) throw new Error(`no parameter "${name}"`);
    return p;
  }

  paramGrad(name: string): F {
    const p = this.paramGradViews.get(name);
    if (!p) throw new Error(`no parameter "${name}"`);
    return p;
  }

  /** The head output of the last forward: (B,S,V) logits or (B,S) values. */
  output(): F {
    return this.act('out');
  }

  /** The gradient slot for the head output; fill it before `backward`. */
  outputGrad(): F {
    return this.actGrad('out');
  }

  act(name: string): F {
    const v = this.batch?.views.get(name);
    if (!v) throw new Error(`no activation "${name}" (run forward first)`);
    return v;
  }

  actGrad(name: string): F {
    const v = this.batch?.gradViews.get(name);
    if (!v) throw new Error(`no activation gradient "${name}" (run forward first)`);
    return v;
  }

  private ensureBatch(B: number, S: number): Batch<F> {
    if (S > this.config.maxSeqLen) throw new RangeError(`sequence length ${S} exceeds the model's maxSeqLen ${this.config.maxSeqLen}`);
    if (this.batch && this.batch.B === B && this.batch.S === S) return this.batch;
    const key = `${B}x${S}`;
    const cached = this.batches.get(key);
    if (cached) return (this.batch = cached);
    if (this.batches.size >= 5) {
      const [oldKey, old] = this.batches.entries().next().value as [string, Batch<F>];
      this.releaseBatch(old);
      this.batches.delete(oldKey);
    }
    if (this.backend.limits) assertFits(this.config, this.head, B, S, this.backend.limits);
    const layout = activationLayout(this.config, this.head, B, S);
    const views = new Map<string, F>();
    const gradViews = new Map<string, F>();
    for (const e of layout.entries()) {
      views.set(e.name, this.backend.floats(e.length, `${this.head}.${e.name}`));
      gradViews.set(e.name, this.backend.floats(e.length, `${this.head}.d${e.name}`));
    }
    this.batch = { B, S, layout, views, gradViews };
    this.batches.set(key, this.batch);
    return this.batch;
  }

  /**
   * Records the forward pass over tokens (B,S). The ops of llm.c's gpt2_forward, with two fusions
   * (Backend: same numbers as the separate ops, one dispatch each on the GPU): each residual add
   * with the layernorm after it, and the MLP's first matmul with its GELU.
   */
  forward(tokens: I, B: number, S: number): void {
    const be = this.backend;
    const { channels: C, heads: NH, vocabSize: V, layers: L } = this.config;
    const N = B * S;
    this.ensureBatch(B, S);
    const a = (n: string) => this.act(n);
    const p = (n: string) => this.param(n);
    be.encoderForward(a('encoded'), tokens, p('wte'), p('wpe'), B, S, C);
    // The layernorm that reads the residual stream next: layer l's ln1, or lnf after the last layer.
    const ln = (l: number) => (l < L ? `h${l}.ln1` : 'lnf');
    be.layernormForward(a(ln(0)), a(ln(0) + '.mean'), a(ln(0) + '.rstd'), a('encoded'), p(ln(0) + '.w'), p(ln(0) + '.b'), N, C);
    let residual = a('encoded');
    for (let l = 0; l < L; l++) {
      const h = `h${l}.`;
      be.matmulForward(a(h + 'qkv'), a(h + 'ln1'), p(h + 'attn.qkv.w'), p(h + 'attn.qkv.b'), N, C, 3 * C);
      be.attentionForward(a(h + 'atty'), a(h + 'preatt'), a(h + 'att'), a(h + 'qkv'), B, S, C, NH);
      be.matmulForward(a(h + 'attproj'), a(h + 'atty'), p(h + 'attn.proj.w'), p(h + 'attn.proj.b'), N, C, C);
      // residual2 = residual + attproj; ln2 = layernorm(residual2)
      be.residualLayernormForward(a(h + 'residual2'), a(h + 'ln2'), a(h + 'ln2.mean'), a(h + 'ln2.rstd'), residual, a(h + 'attproj'), p(h + 'ln2.w'), p(h + 'ln2.b'), N, C);
      be.matmulGeluForward(a(h + 'fch'), a(h + 'fch_gelu'), a(h + 'ln2'), p(h + 'mlp.fc.w'), p(h + 'mlp.fc.b'), N, C, 4 * C);
      be.matmulForward(a(h + 'fcproj'), a(h + 'fch_gelu'), p(h + 'mlp.proj.w'), p(h + 'mlp.proj.b'), N, 4 * C, C);
      // residual3 = residual2 + fcproj, and the next layernorm (the next layer's ln1, or lnf)
      const next = ln(l + 1);
      be.residualLayernormForward(a(h + 'residual3'), a(next), a(next + '.mean'), a(next + '.rstd'), a(h + 'residual2'), a(h + 'fcproj'), p(next + '.w'), p(next + '.b'), N, C);
      residual = a(h + 'residual3');
    }
    if (this.head === 'lm') be.matmulForward(a('out'), a('lnf'), p('wte'), null, N, C, V);
    else be.matmulForward(a('out'), a('lnf'), p('head.w'), p('head.b'), N, C, 1);
  }

  /**
   * Zeroes the activation gradients the backward pass accumulates into. Not the head output's (the
   * caller has filled it), nor those it never uses: the layernorms' saved mean and rstd, and
   * residual2, residual3, attproj, fcproj — a residual connection passes its gradient on unchanged,
   * so the backward keeps one gradient of the residual stream (in 'encoded') instead.
   */
  private zeroActGrads(): void {
    for (const [name, t] of this.batch!.gradViews) if (!UNUSED_GRADS.test(name)) this.backend.fill(t, 0);
  }

  private releaseBatch(b: Batch<F>): void {
    for (const t of b.views.values()) this.backend.release(t);
    for (const t of b.gradViews.values()) this.backend.release(t);
  }

  zeroGrad(): void {
    this.backend.fill(this.grads, 0);
  }

  /**
   * Records the backward pass of the last forward; `outputGrad()` must hold d(loss)/d(output).
   * Accumulates into the parameter gradients (call zeroGrad between optimizer steps).
   *
   * The residual stream's gradient lives in one tensor (d('encoded')): a residual connection
   * out = x + f(x) hands d(out) unchanged to both x and f(x), so instead of llm.c's copies into
   * d(residual2) and d(fcproj) (residual_backward), the branch's matmul reads the stream's gradient
   * directly and the layernorm backward adds into it. The numbers are those of llm.c's order (each
   * copy was into a zeroed tensor, so exact). The MLP's second matmul and GELU go back in one op.
   */
  backward(tokens: I): void {
    const be = this.backend;
    const b = this.batch;
    if (!b) throw new Error('backward before forward');
    const { B, S } = b;
    const { channels: C, heads: NH, vocabSize: V } = this.config;
    const N = B * S;
    this.zeroActGrads();
    const a = (n: string) => this.act(n);
    const d = (n: string) => this.actGrad(n);
    const p = (n: string) => this.param(n);
    const g = (n: string) => this.paramGrad(n);
    const stream = d('encoded'); // d(loss)/d(residual stream) at the point the backward has reached
    if (this.head === 'lm') be.matmulBackward(d('lnf'), g('wte'), null, d('out'), a('lnf'), p('wte'), N, C, V);
    else be.matmulBackward(d('lnf'), g('head.w'), g('head.b'), d('out'), a('lnf'), p('head.w'), N, C, 1);
    const last = this.config.layers - 1;
    const residualOut = last >= 0 ? `h${last}.residual3` : 'encoded';
    be.layernormBackward(stream, g('lnf.w'), g('lnf.b'), d('lnf'), a(residualOut), p('lnf.w'), a('lnf.mean'), a('lnf.rstd'), N, C);
    for (let l = last; l >= 0; l--) {
      const h = `h${l}.`;
      const residualIn = l === 0 ? 'encoded' : `h${l - 1}.residual3`;
      // residual3 = residual2 + fcproj: d(fcproj) = d(residual3) = the stream's gradient
      be.matmulGeluBackward(d(h + 'fch_gelu'), d(h + 'fch'), g(h + 'mlp.proj.w'), g(h + 'mlp.proj.b'), stream, a(h + 'fch_gelu'), p(h + 'mlp.proj.w'), a(h + 'fch'), N, 4 * C, C);
      be.matmulBackward(d(h + 'ln2'), g(h + 'mlp.fc.w'), g(h + 'mlp.fc.b'), d(h + 'fch'), a(h + 'ln2'), p(h + 'mlp.fc.w'), N, C, 4 * C);
      be.layernormBackward(stream, g(h + 'ln2.w'), g(h + 'ln2.b'), d(h + 'ln2'), a(h + 'residual2'), p(h + 'ln2.w'), a(h + 'ln2.mean'), a(h + 'ln2.rstd'), N, C);
      // residual2 = residualIn + attproj: d(attproj) = d(residual2) = the stream's gradient
      be.matmulBackward(d(h + 'atty'), g(h + 'attn.proj.w'), g(h + 'attn.proj.b'), stream, a(h + 'atty'), p(h + 'attn.proj.w'), N, C, C);
      be.attentionBackward(d(h + 'qkv'), d(h + 'preatt'), d(h + 'att'), d(h + 'atty'), a(h + 'qkv'), a(h + 'att'), B, S, C, NH);
      be.matmulBackward(d(h + 'ln1'), g(h + 'attn.qkv.w'), g(h + 'attn.qkv.b'), d(h + 'qkv'), a(h + 'ln1'), p(h + 'attn.qkv.w'), N, C, 3 * C);
      be.layernormBackward(stream, g(h + 'ln1.w'), g(h + 'ln1.b'), d(h + 'ln1'), a(residualIn), p(h + 'ln1.w'), a(h + 'ln1.mean'), a(h + 'ln1.rstd'), N, C);
    }
    be.encoderBackward(g('wte'), g('wpe'), stream, tokens, B, S, C);
  }

  /** Records one AdamW step with global gradient-norm clipping (no read-back). */
  step(s: AdamWSettings): void {
    this.steps += 1;
    const n = this.layout.size;
    this.backend.gradNormSquared(this.normSq, this.grads, n);
    this.backend.adamwUpdate(this.params, this.grads, this.m, this.v, n, s.lr, s.beta1, s.beta2, s.eps, s.weightDecay, this.steps, this.normSq, s.maxGradNorm);
  }

  /** The 1-element tensor holding ‖g‖² of the last step (before clipping). */
  gradNormSquaredView(): F {
    return this.normSq;
  }

  /** ‖g‖² of the last step (reads back). */
  async lastGradNormSquared(): Promise<number> {
    return (await this.backend.read(this.normSq))[0];
  }

  /** Copies weights (not optimizer state) from another model with the same layout, e.g. actor → reference. */
  copyParamsFrom(other: Gpt<F, I>): void {
    if (other.layout.size !== this.layout.size) throw new Error('copyParamsFrom: layouts differ');
    this.backend.copy(other.params, this.params);
  }

  release(): void {
    for (const t of [this.params, this.grads, this.m, this.v, this.normSq]) this.backend.release(t);
    for (const b of this.batches.values()) this.releaseBatch(b);
    this.batches.clear();
    this.batch = null;
  }
}
