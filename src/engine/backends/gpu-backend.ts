import { adamwUpdate, gradNormSquared } from '../gpu/kernels/adamw';
import { attentionBackward, attentionForward } from '../gpu/kernels/attention';
import { crossentropyBackward, crossentropyForward } from '../gpu/kernels/crossentropy';
import { encoderBackward, encoderForward } from '../gpu/kernels/encoder';
import { fill, zeroMany } from '../gpu/kernels/fill';
import { geluBackward, geluForward } from '../gpu/kernels/gelu';
import { layernormBackward, layernormForward, residualLayernormForward } from '../gpu/kernels/layernorm';
import { matmulBackward, matmulForward, matmulGeluBackward, matmulGeluForward } from '../gpu/kernels/matmul';
import { residualBackward, residualForward } from '../gpu/kernels/residual';
import type { Recorder } from '../gpu/recorder';
import type { GpuRuntime } from '../gpu/runtime';
import { subView, type GpuView } from '../gpu/view';
import { attentionDecode } from '../gpu/kernels/attention-decode';
import { decodeEmbed } from '../gpu/kernels/decode-embed';
import { sampleNext } from '../gpu/kernels/sample';
import { gaeForward } from '../gpu/kernels/gae';
import { klPerToken, perTokenRewards } from '../gpu/kernels/kl-rewards';
import { logprobsBackward, logprobsForward } from '../gpu/kernels/logprobs';
import { pairwiseLoss } from '../gpu/kernels/pairwise-loss';
import { ppoPolicyLoss } from '../gpu/kernels/ppo-loss';
import { gatherAt, gatherRows, scatterAt, scatterColumns, sliceColumns } from '../gpu/kernels/rows';
import { valueLoss } from '../gpu/kernels/value-loss';
import { whitenMasked } from '../gpu/kernels/whiten';
import { dpoLoss } from '../gpu/kernels/dpo-loss';
import { groupAdvantages } from '../gpu/kernels/group-advantages';
import { grpoLoss } from '../gpu/kernels/grpo-loss';
import { seqLogprobBackward, seqLogprobForward } from '../gpu/kernels/seq-logprob';
import type { Backend, DrawSettings, KlEstimator } from '../model/backend';
import type { DpoLossType, GroupAdvantageOptions, GrpoLossOptions } from '../model/rl-options';

/**
 * The GPU engine: handles are GpuViews; ops are recorded into one command encoder until `flush`
 * (or a read) submits it, so a whole phase is one submission. Uploads made while work is being
 * recorded go through a staging copy inside the encoder, keeping program order.
 */
export class GpuBackend implements Backend<GpuView, GpuView> {
  readonly kind = 'gpu' as const;
  private rec: Recorder | null = null;
  /**
   * The tensors this backend made (floats/ints) and not yet released. A view shares its tensor's
   * buffer, so releasing one would hand a live buffer back to the pool: release refuses views.
   */
  private readonly owned = new WeakSet<GpuView>();
  /**
   * Zero-fills asked for and not yet recorded: consecutive ones (a backward pass zeroes all its
   * activation gradients, a new tensor is zeroed) go out as one zero_many dispatch per seven
   * tensors when the next operation is recorded — same order of effects, fewer dispatches.
   */
  private pendingZeros: GpuView[] = [];

  constructor(readonly rt: GpuRuntime) {}

  get limits(): { maxBufferSize: number; maxStorageBufferBindingSize: number } {
    return this.rt.report.limits;
  }

  /** The recorder of the current phase (started on first use), with pending zero-fills recorded first. */
  recorder(): Recorder {
    this.rec ??= this.rt.begin('phase');
    if (this.pendingZeros.length) {
      const zs = this.pendingZeros;
      this.pendingZeros = [];
      zeroMany(this.rec, zs);
    }
    return this.rec;
  }

  floats(n: number, label = 'floats'): GpuView {
    const t = this.rt.tensor(n, label);
    this.owned.add(t);
    this.fill(t, 0);
    return t;
  }
  ints(n: number, label = 'ints'): GpuView {
    return this.floats(n, label); // zero bits are integer 0 too
  }
  view(t: GpuView, offset: number, length: number): GpuView {
    return subView(t, offset, length);
  }
  intView(t: GpuView, offset: number, length: number): GpuView {
    return subView(t, offset, length);
  }
  upload(t: GpuView, data: Float32Array | Int32Array | Uint32Array): void {
    if (this.pendingZeros.length) this.recorder(); // a pending zero-fill must land before this upload
    if (!this.rec) {
      this.rt.upload(t, data);
      return;
    }
    const staging = this.rec.temp(data.length, 'upload');
    this.rt.upload(staging, data);
    this.rec.copy(staging, { ...t, length: data.length });
  }
  uploadInts(t: GpuView, data: Int32Array): void {
    this.upload(t, data);
  }
  async read(t: GpuView): Promise<Float32Array> {
    await this.flush();
    return this.rt.read(t);
  }
  async readInts(t: GpuView): Promise<Int32Array> {
    await this.flush();
    return new Int32Array((await this.rt.readU32(t)).buffer);
  }
  async readMany(ts: GpuView[]): Promise<Float32Array[]> {
    await this.flush();
    return (await this.rt.readMany(ts)).map((b) => new Float32Array(b));
  }
  release(t: GpuView): void {
    if (!this.owned.has(t)) {
      throw new Error(`release: "${t.buffer.label}" [${t.offset}, ${t.offset + t.length}) is a view into a tensor, or was released already; release the tensor made by floats/ints`);
    }
    // A zero-fill still pending on this tensor is moot, and must not land on the buffer's next user.
    this.pendingZeros = this.pendingZeros.filter((z) => z.buffer !== t.buffer || z.offset + z.length <= t.offset || z.offset >= t.offset + t.length);
    this.owned.delete(t);
    this.rt.free(t);
  }
  async flush(): Promise<void> {
    if (this.pendingZeros.length) this.recorder();
    const rec = this.rec;
    if (!rec) return;
    this.rec = null;
    await this.rt.submit(rec);
  }
  fill(t: GpuView, value: number): void {
    if (value === 0 && t.length > 0) this.pendingZeros.push(t);
    else fill(this.recorder(), t, value, t.length);
  }
  copy(src: GpuView, dst: GpuView): void {
    this.recorder().copy(src, dst);
  }

  encoderForward(out: GpuView, tokens: GpuView, wte: GpuView, wpe: GpuView, B: number, S: number, C: number): void {
    encoderForward(this.recorder(), out, tokens, wte, wpe, B, S, C);
  }
  encoderBackward(dwte: GpuView, dwpe: GpuView, dout: GpuView, tokens: GpuView, B: number, S: number, C: number): void {
    encoderBackward(this.recorder(), dwte, dwpe, dout, tokens, B, S, C);
  }
  layernormForward(out: GpuView, mean: GpuView, rstd: GpuView, inp: GpuView, weight: GpuView, bias: GpuView, N: number, C: number): void {
    layernormForward(this.recorder(), out, mean, rstd, inp, weight, bias, N, C);
  }
  layernormBackward(dinp: GpuView, dweight: GpuView, dbias: GpuView, dout: GpuView, inp: GpuView, weight: GpuView, mean: GpuView, rstd: GpuView, N: number, C: number): void {
    layernormBackward(this.recorder(), dinp, dweight, dbias, dout, inp, weight, mean, rstd, N, C);
  }
  matmulForward(out: GpuView, inp: GpuView, weight: GpuView, bias: GpuView | null, N: number, C: number, OC: number): void {
    matmulForward(this.recorder(), out, inp, weight, bias, N, C, OC);
  }
  matmulBackward(dinp: GpuView, dweight: GpuView, dbias: GpuView | null, dout: GpuView, inp: GpuView, weight: GpuView, N: number, C: number, OC: number): void {
    matmulBackward(this.recorder(), dinp, dweight, dbias, dout, inp, weight, N, C, OC);
  }
  attentionForward(out: GpuView, preatt: GpuView, att: GpuView, qkv: GpuView, B: number, S: number, C: number, NH: number): void {
    attentionForward(this.recorder(), out, preatt, att, qkv, B, S, C, NH);
  }
  attentionBackward(dqkv: GpuView, dpreatt: GpuView, datt: GpuView, dout: GpuView, qkv: GpuView, att: GpuView, B: number, S: number, C: number, NH: number): void {
    attentionBackward(this.recorder(), dqkv, dpreatt, datt, dout, qkv, att, B, S, C, NH);
  }
  geluForward(out: GpuView, inp: GpuView, n: number): void {
    geluForward(this.recorder(), out, inp, n);
  }
  geluBackward(dinp: GpuView, inp: GpuView, dout: GpuView, n: number): void {
    geluBackward(this.recorder(), dinp, inp, dout, n);
  }
  residualForward(out: GpuView, a: GpuView, b: GpuView, n: number): void {
    residualForward(this.recorder(), out, a, b, n);
  }
  residualBackward(da: GpuView, db: GpuView, dout: GpuView, n: number): void {
    residualBackward(this.recorder(), da, db, dout, n);
  }
  matmulGeluForward(out: GpuView, outGelu: GpuView, inp: GpuView, weight: GpuView, bias: GpuView, N: number, C: number, OC: number): void {
    matmulGeluForward(this.recorder(), out, outGelu, inp, weight, bias, N, C, OC);
  }
  matmulGeluBackward(dinp: GpuView, dpre: GpuView, dweight: GpuView, dbias: GpuView | null, dout: GpuView, inp: GpuView, weight: GpuView, pre: GpuView, N: number, C: number, OC: number): void {
    matmulGeluBackward(this.recorder(), dinp, dpre, dweight, dbias, dout, inp, weight, pre, N, C, OC);
  }
  residualLayernormForward(res: GpuView, out: GpuView, mean: GpuView, rstd: GpuView, a: GpuView, b: GpuView, weight: GpuView, bias: GpuView, N: number, C: number): void {
    residualLayernormForward(this.recorder(), res, out, mean, rstd, a, b, weight, bias, N, C);
  }
  crossentropyForward(losses: GpuView, probs: GpuView, logits: GpuView, targets: GpuView, N: number, V: number): void {
    crossentropyForward(this.recorder(), losses, probs, logits, targets, N, V);
  }
  crossentropyBackward(dlogits: GpuView, dlosses: GpuView, probs: GpuView, targets: GpuView, N: number, V: number): void {
    crossentropyBackward(this.recorder(), dlogits, dlosses, probs, targets, N, V);
  }
  gradNormSquared(out: GpuView, grads: GpuView, n: number): void {
    gradNormSquared(this.recorder(), out, grads, n);
  }
  adamwUpdate(params: GpuView, grads: GpuView, m: GpuView, v: GpuView, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, t: number, normSq: GpuView, maxNorm: number): void {
    adamwUpdate(this.recorder(), params, grads, m, v, n, lr, beta1, beta2, eps, weightDecay, t, normSq, maxNorm);
  }
  decodeEmbed(out: GpuView, seq: GpuView, wte: GpuView, wpe: GpuView, B: number, S: number, C: number, V: number, pos: number): void {
    decodeEmbed(this.recorder(), out, seq, wte, wpe, B, S, C, V, pos);
  }
  attentionDecode(out: GpuView, kcache: GpuView, vcache: GpuView, qkv: GpuView, B: number, C: number, NH: number, maxS: number, pos: number): void {
    attentionDecode(this.recorder(), out, kcache, vcache, qkv, B, C, NH, maxS, pos);
  }
  sampleNext(seq: GpuView, logits: GpuView, B: number, S: number, V: number, pos: number, P: number, d: DrawSettings): void {
    sampleNext(this.recorder(), seq, logits, B, S, V, pos, P, d);
  }

  gatherRows(out: GpuView, inp: GpuView, idx: GpuView, rows: number, rowLen: number): void {
    gatherRows(this.recorder(), out, inp, idx, rows, rowLen);
  }
  gatherRowsInt(out: GpuView, inp: GpuView, idx: GpuView, rows: number, rowLen: number): void {
    gatherRows(this.recorder(), out, inp, idx, rows, rowLen);
  }
  sliceColumns(out: GpuView, inp: GpuView, B: number, T: number, S: number, start: number): void {
    sliceColumns(this.recorder(), out, inp, B, T, S, start);
  }
  scatterColumns(out: GpuView, inp: GpuView, B: number, T: number, S: number, start: number): void {
    scatterColumns(this.recorder(), out, inp, B, T, S, start);
  }
  gatherAt(out: GpuView, inp: GpuView, idx: GpuView, B: number, S: number): void {
    gatherAt(this.recorder(), out, inp, idx, B, S);
  }
  scatterAt(out: GpuView, inp: GpuView, idx: GpuView, B: number, S: number): void {
    scatterAt(this.recorder(), out, inp, idx, B, S);
  }

  logprobsForward(logprobs: GpuView, entropy: GpuView, logits: GpuView, seq: GpuView, B: number, T: number, S: number, P: number, V: number, temperature: number): void {
    logprobsForward(this.recorder(), logprobs, entropy, logits, seq, B, T, S, P, V, temperature);
  }
  logprobsBackward(dlogits: GpuView, dlogprobs: GpuView, dentropy: GpuView, logits: GpuView, seq: GpuView, B: number, T: number, S: number, P: number, V: number, temperature: number): void {
    logprobsBackward(this.recorder(), dlogits, dlogprobs, dentropy, logits, seq, B, T, S, P, V, temperature);
  }
  klPerToken(kl: GpuView, logprob: GpuView, refLogprob: GpuView, mask: GpuView, n: number, estimator: KlEstimator): void {
    klPerToken(this.recorder(), kl, logprob, refLogprob, mask, n, estimator);
  }
  perTokenRewards(rewards: GpuView, kl: GpuView, mask: GpuView, scores: GpuView, hasEos: GpuView, B: number, T: number, beta: number, rewardClip: number, missingEosPenalty: number): void {
    perTokenRewards(this.recorder(), rewards, kl, mask, scores, hasEos, B, T, beta, rewardClip, missingEosPenalty);
  }
  whitenMasked(out: GpuView, x: GpuView, mask: GpuView, n: number, shiftMean: boolean): void {
    whitenMasked(this.recorder(), out, x, mask, n, shiftMean);
  }
  /** The sequential scan: rows are short here; the affine-scan variant pays off only for long T (see bench/gae). */
  gae(advantages: GpuView, returns: GpuView, rewards: GpuView, values: GpuView, mask: GpuView, B: number, T: number, gamma: number, lambda: number): void {
    gaeForward(this.recorder(), advantages, returns, rewards, values, mask, B, T, gamma, lambda, 'sequential');
  }
  ppoPolicyLoss(dlogprob: GpuView, stats: GpuView, logprob: GpuView, oldLogprob: GpuView, advantages: GpuView, mask: GpuView, n: number, clipEps: number): void {
    ppoPolicyLoss(this.recorder(), dlogprob, stats, logprob, oldLogprob, advantages, mask, n, clipEps);
  }
  valueLoss(dvalues: GpuView, stats: GpuView, values: GpuView, oldValues: GpuView, returns: GpuView, mask: GpuView, n: number, clipEps: number): void {
    valueLoss(this.recorder(), dvalues, stats, values, oldValues, returns, mask, n, clipEps);
  }
  pairwiseLoss(dscores: GpuView, stats: GpuView, scores: GpuView, B: number): void {
    pairwiseLoss(this.recorder(), dscores, stats, scores, B);
  }
  groupAdvantages(rewards: GpuView, advantages: GpuView, groupStats: GpuView, stats: GpuView, scores: GpuView, hasEos: GpuView, kl: GpuView, mask: GpuView, B: number, T: number, o: GroupAdvantageOptions): void {
    groupAdvantages(this.recorder(), rewards, advantages, groupStats, stats, scores, hasEos, kl, mask, B, T, o);
  }
  grpoLoss(dlogprob: GpuView, stats: GpuView, logprob: GpuView, oldLogprob: GpuView, refLogprob: GpuView, advantages: GpuView, mask: GpuView, B: number, T: number, o: GrpoLossOptions): void {
    grpoLoss(this.recorder(), dlogprob, stats, logprob, oldLogprob, refLogprob, advantages, mask, B, T, o);
  }
  seqLogprobForward(out: GpuView, x: GpuView, mask: GpuView, B: number, T: number): void {
    seqLogprobForward(this.recorder(), out, x, mask, B, T);
  }
  seqLogprobBackward(dx: GpuView, dout: GpuView, mask: GpuView, B: number, T: number): void {
    seqLogprobBackward(this.recorder(), dx, dout, mask, B, T);
  }
  dpoLoss(dlogps: GpuView, stats: GpuView, logps: GpuView, refLogps: GpuView, lengths: GpuView, N: number, beta: number, lossType: DpoLossType): void {
    dpoLoss(this.recorder(), dlogps, stats, logps, refLogps, lengths, N, beta, lossType);
  }
}
