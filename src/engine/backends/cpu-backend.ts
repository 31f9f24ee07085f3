import { adamwUpdate, gradNormSquared } from '../cpu/adamw';
import { attentionBackward, attentionForward } from '../cpu/attention';
import { crossentropyBackward, crossentropyForward } from '../cpu/crossentropy';
import { encoderBackward, encoderForward } from '../cpu/encoder';
import { geluBackward, geluForward } from '../cpu/gelu';
import { layernormBackward, layernormForward } from '../cpu/layernorm';
import { matmulBackwardFast, matmulForwardFast } from '../cpu/matmul-fast';
import { residualBackward, residualForward } from '../cpu/residual';
import { attentionDecode } from '../cpu/attention-decode';
import { decodeEmbed } from '../cpu/decode-embed';
import { sampleNext } from '../cpu/sample';
import { gatherAt, gatherRows, scatterAt, scatterColumns, sliceColumns } from '../cpu/rows';
import { gae } from '../rl/gae';
import { klPerToken, perTokenRewards } from '../rl/kl-rewards';
import { logprobsBackward, logprobsForward } from '../rl/logprobs';
import { pairwiseLoss } from '../rl/pairwise-loss';
import { ppoPolicyLoss } from '../rl/ppo-loss';
import { valueLoss } from '../rl/value-loss';
import { whitenMasked } from '../rl/whiten';
import { PPO_STATS } from '../gpu/kernels/ppo-loss';
import { VALUE_STATS } from '../gpu/kernels/value-loss';
import { dpoLoss } from '../rl/dpo-loss';
import { groupAdvantages } from '../rl/group-advantages';
import { grpoLoss } from '../rl/grpo-loss';
import { seqLogprobBackward, seqLogprobForward } from '../rl/seq-logprob';
import type { Backend, DrawSettings, KlEstimator } from '../model/backend';
import type { DpoLossType, GroupAdvantageOptions, GrpoLossOptions } from '../model/rl-options';
import { WasmKernels } from '../wasm/kernels';

type Cpu = Backend<Float32Array, Int32Array>;

/**
 * Which kernels the CPU engine runs:
 * - 'wasm': WebAssembly SIMD, float32 (src/engine/wasm) — the fastest;
 * - 'wasm-exact': WebAssembly SIMD for the linear layer in float64 in the reference's order, plus
 *   the kernels that are exact anyway (residual, AdamW, gradient norm): the same bits as 'ts';
 * - 'ts': the TypeScript ops of engine/cpu and engine/rl (the readable reference).
 * In 'wasm' the log-probs / entropy and the rollout's draw are WebAssembly too (float32; the draw picks
 * the reference's token except where u lies within float32 rounding of a CDF boundary); the rest of
 * the RL maths (rewards, GAE, losses) and the row moves are TypeScript in all three.
 */
export type CpuKernels = 'wasm' | 'wasm-exact' | 'ts';

export interface CpuKernelsInfo {
  requested: CpuKernels;
  /** What runs: 'ts' when WebAssembly could not be used (see `note`). */
  active: CpuKernels;
  /** Why the wasm kernels are not used, or what limits them; empty when all is well. */
  note: string;
  /** Tensors live in a shared WebAssembly memory (growable; the worker pool can use it). */
  sharedMemory: boolean;
  /** Threads asked for (the large kernels split between them; results do not depend on it). */
  threads: number;
  /** Why one thread runs although more were asked for ('' when all is well). */
  threadNote: string;
}

let defaultKernels: CpuKernels = 'wasm';
let defaultThreads: number | null = null;

/** The kernels `new CpuBackend()` uses when none are named (scripts and benchmarks may change it). */
export function setDefaultCpuKernels(k: CpuKernels): void {
  defaultKernels = k;
}
export function getDefaultCpuKernels(): CpuKernels {
  return defaultKernels;
}

/**
 * Threads `new CpuBackend()` asks for: set explicitly, or in a cross-origin-isolated page one per
 * core reported, up to 4 (the page's own thread mostly waits while the engine works), else 1 —
 * Node runs test files side by side already.
 */
export function setDefaultCpuThreads(n: number | null): void {
  defaultThreads = n;
}
export function getDefaultCpuThreads(): number {
  if (defaultThreads !== null) return defaultThreads;
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  if (g.crossOriginIsolated !== true) return 1;
  return Math.max(1, Math.min(4, g.navigator?.hardwareConcurrency ?? 1));
}

/** The CPU engine: handles are typed arrays, ops run immediately (engine/cpu reference ops or the wasm kernels). */
export class CpuBackend implements Backend<Float32Array, Int32Array> {
  readonly kind = 'cpu' as const;
  readonly kernels: CpuKernelsInfo;
  /** The wasm kernels and their memory; null on the TypeScript ops. */
  private readonly wasm: WasmKernels | null = null;
  /** Float32 wasm kernels for every op (not only the exact ones). */
  private readonly fast: boolean;

  constructor(options: { kernels?: CpuKernels; threads?: number } = {}) {
    const requested = options.kernels ?? defaultKernels;
    const threads = Math.max(1, Math.floor(options.threads ?? getDefaultCpuThreads()));
    let note = '';
    if (requested !== 'ts') {
      try {
        this.wasm = WasmKernels.create({ threads });
      } catch (e) {
        note = `WebAssembly kernels unavailable, running the TypeScript ops: ${(e as Error)?.message ?? e}`;
      }
    }
    const active = this.wasm ? requested : 'ts';
    this.fast = active === 'wasm';
    if (this.wasm && !this.wasm.arena.shared) note = 'WebAssembly memory is not shareable here: a fixed 256 MiB block; tensors beyond it run the TypeScript ops';
    const threadNote = threads > 1 && !this.wasm ? 'one thread: the TypeScript ops' : this.wasm?.threadNote ?? '';
    this.kernels = { requested, active, note, sharedMemory: this.wasm?.arena.shared ?? false, threads, threadNote };
  }

  /** Threads the large kernels run on now (1 until the helpers are ready). */
  get threadsInUse(): number {
    return this.wasm?.threads ?? 1;
  }

  /** Resolves when the helper threads (if any) take jobs; the results are the same before and after. */
  async threadsReady(): Promise<void> {
    await this.wasm?.threadsReady();
  }

  floats(n: number): Float32Array {
    return this.wasm ? this.wasm.arena.floats(n) : new Float32Array(n);
  }
  ints(n: number): Int32Array {
    return this.wasm ? this.wasm.arena.ints(n) : new Int32Array(n);
  }
  view(t: Float32Array, offset: number, length: number): Float32Array {
    if (offset + length > t.length) throw new RangeError(`view [${offset}, ${offset + length}) outside ${t.length}`);
    return t.subarray(offset, offset + length);
  }
  intView(t: Int32Array, offset: number, length: number): Int32Array {
    return t.subarray(offset, offset + length);
  }
  upload(t: Float32Array, data: Float32Array): void {
    t.set(data);
  }
  uploadInts(t: Int32Array, data: Int32Array): void {
    t.set(data);
  }
  async read(t: Float32Array): Promise<Float32Array> {
    return t.slice();
  }
  async readInts(t: Int32Array): Promise<Int32Array> {
    return t.slice();
  }
  async readMany(ts: Float32Array[]): Promise<Float32Array[]> {
    return ts.map((t) => t.slice());
  }
  release(t: Float32Array | Int32Array): void {
    this.wasm?.arena.release(t);
  }
  async flush(): Promise<void> {}
  fill(t: Float32Array, value: number): void {
    t.fill(value);
  }
  copy(src: Float32Array, dst: Float32Array): void {
    dst.set(src);
  }

  encoderForward: Cpu['encoderForward'] = encoderForward;
  encoderBackward: Cpu['encoderBackward'] = encoderBackward;
  // Each op: the wasm kernel where this mode uses it and it can address every argument, else the TypeScript op.
  layernormForward(out: Float32Array, mean: Float32Array, rstd: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array, N: number, C: number): void {
    if (!(this.fast && this.wasm!.layernormForward(out, mean, rstd, inp, weight, bias, N, C))) layernormForward(out, mean, rstd, inp, weight, bias, N, C);
  }
  layernormBackward(dinp: Float32Array, dweight: Float32Array, dbias: Float32Array, dout: Float32Array, inp: Float32Array, weight: Float32Array, mean: Float32Array, rstd: Float32Array, N: number, C: number): void {
    if (!(this.fast && this.wasm!.layernormBackward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, N, C))) layernormBackward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, N, C);
  }
  matmulForward(out: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array | null, N: number, C: number, OC: number): void {
    if (!this.wasm?.matmulForward(out, inp, weight, bias, N, C, OC, !this.fast)) matmulForwardFast(out, inp, weight, bias, N, C, OC);
  }
  matmulBackward(dinp: Float32Array, dweight: Float32Array, dbias: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array, N: number, C: number, OC: number): void {
    if (!this.wasm?.matmulBackward(dinp, dweight, dbias, dout, inp, weight, N, C, OC, !this.fast)) matmulBackwardFast(dinp, dweight, dbias, dout, inp, weight, N, C, OC);
  }
  attentionForward(out: Float32Array, preatt: Float32Array, att: Float32Array, qkv: Float32Array, B: number, S: number, C: number, NH: number): void {
    if (!(this.fast && this.wasm!.attentionForward(out, preatt, att, qkv, B, S, C, NH))) attentionForward(out, preatt, att, qkv, B, S, C, NH);
  }
  attentionBackward(dqkv: Float32Array, dpreatt: Float32Array, datt: Float32Array, dout: Float32Array, qkv: Float32Array, att: Float32Array, B: number, S: number, C: number, NH: number): void {
    if (!(this.fast && this.wasm!.attentionBackward(dqkv, dpreatt, datt, dout, qkv, att, B, S, C, NH))) attentionBackward(dqkv, dpreatt, datt, dout, qkv, att, B, S, C, NH);
  }
  geluForward(out: Float32Array, inp: Float32Array, n: number): void {
    if (!(this.fast && this.wasm!.geluForward(out, inp, n))) geluForward(out, inp, n);
  }
  geluBackward(dinp: Float32Array, inp: Float32Array, dout: Float32Array, n: number): void {
    if (!(this.fast && this.wasm!.geluBackward(dinp, inp, dout, n))) geluBackward(dinp, inp, dout, n);
  }
  residualForward(out: Float32Array, a: Float32Array, b: Float32Array, n: number): void {
    if (!this.wasm?.residualForward(out, a, b, n)) residualForward(out, a, b, n);
  }
  residualBackward(da: Float32Array, db: Float32Array, dout: Float32Array, n: number): void {
    if (!this.wasm?.residualBackward(da, db, dout, n)) residualBackward(da, db, dout, n);
  }
  matmulGeluForward(out: Float32Array, outGelu: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array, N: number, C: number, OC: number): void {
    this.matmulForward(out, inp, weight, bias, N, C, OC);
    this.geluForward(outGelu, out, N * OC);
  }
  matmulGeluBackward(dinp: Float32Array, dpre: Float32Array, dweight: Float32Array, dbias: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array, pre: Float32Array, N: number, C: number, OC: number): void {
    this.matmulBackward(dinp, dweight, dbias, dout, inp, weight, N, C, OC);
    this.geluBackward(dpre, pre, dinp, N * C);
  }
  residualLayernormForward(res: Float32Array, out: Float32Array, mean: Float32Array, rstd: Float32Array, a: Float32Array, b: Float32Array, weight: Float32Array, bias: Float32Array, N: number, C: number): void {
    this.residualForward(res, a, b, N * C);
    this.layernormForward(out, mean, rstd, res, weight, bias, N, C);
  }
  crossentropyForward(losses: Float32Array, probs: Float32Array, logits: Float32Array, targets: Int32Array, N: number, V: number): void {
    if (!(this.fast && this.wasm!.crossentropyForward(losses, probs, logits, targets, N, V))) crossentropyForward(losses, probs, logits, targets, N, V);
  }
  crossentropyBackward(dlogits: Float32Array, dlosses: Float32Array, probs: Float32Array, targets: Int32Array, N: number, V: number): void {
    if (!(this.fast && this.wasm!.crossentropyBackward(dlogits, dlosses, probs, targets, N, V))) crossentropyBackward(dlogits, dlosses, probs, targets, N, V);
  }
  gradNormSquared(out: Float32Array, grads: Float32Array, n: number): void {
    out[0] = this.wasm?.gradNormSquared(grads, n) ?? gradNormSquared(grads, n);
  }
  adamwUpdate(params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, t: number, normSq: Float32Array, maxNorm: number): void {
    if (!this.wasm?.adamwUpdate(params, grads, m, v, n, lr, beta1, beta2, eps, weightDecay, t, normSq[0], maxNorm)) adamwUpdate(params, grads, m, v, n, lr, beta1, beta2, eps, weightDecay, t, normSq[0], maxNorm);
  }
  decodeEmbed: Cpu['decodeEmbed'] = decodeEmbed;
  attentionDecode(out: Float32Array, kcache: Float32Array, vcache: Float32Array, qkv: Float32Array, B: number, C: number, NH: number, maxS: number, pos: number): void {
    if (!(this.fast && this.wasm!.attentionDecode(out, kcache, vcache, qkv, B, C, NH, maxS, pos))) attentionDecode(out, kcache, vcache, qkv, B, C, NH, maxS, pos);
  }
  sampleNext(seq: Int32Array, logits: Float32Array, B: number, S: number, V: number, pos: number, P: number, d: DrawSettings): void {
    if (!(this.fast && this.wasm!.sampleNext(seq, logits, B, S, V, pos, P, d))) sampleNext(seq, logits, B, S, V, pos, P, d);
  }

  gatherRows(out: Float32Array, inp: Float32Array, idx: Int32Array, rows: number, rowLen: number): void {
    gatherRows(out, inp, idx, rows, rowLen);
  }
  gatherRowsInt(out: Int32Array, inp: Int32Array, idx: Int32Array, rows: number, rowLen: number): void {
    gatherRows(out, inp, idx, rows, rowLen);
  }
  sliceColumns: Cpu['sliceColumns'] = sliceColumns;
  scatterColumns: Cpu['scatterColumns'] = scatterColumns;
  gatherAt: Cpu['gatherAt'] = gatherAt;
  scatterAt: Cpu['scatterAt'] = scatterAt;

  logprobsForward(logprobs: Float32Array, entropy: Float32Array, logits: Float32Array, seq: Int32Array, B: number, T: number, S: number, P: number, V: number, temperature: number): void {
    if (!(this.fast && this.wasm!.logprobsForward(logprobs, entropy, logits, seq, B, T, S, P, V, temperature))) logprobsForward(logprobs, entropy, logits, seq, B, T, S, P, V, temperature);
  }
  logprobsBackward(dlogits: Float32Array, dlogprobs: Float32Array, dentropy: Float32Array, logits: Float32Array, seq: Int32Array, B: number, T: number, S: number, P: number, V: number, temperature: number): void {
    if (!(this.fast && this.wasm!.logprobsBackward(dlogits, dlogprobs, dentropy, logits, seq, B, T, S, P, V, temperature))) logprobsBackward(dlogits, dlogprobs, dentropy, logits, seq, B, T, S, P, V, temperature);
  }
  klPerToken(kl: Float32Array, logprob: Float32Array, refLogprob: Float32Array, mask: Float32Array, n: number, estimator: KlEstimator): void {
    klPerToken(kl, logprob, refLogprob, mask, n, estimator);
  }
  perTokenRewards(rewards: Float32Array, kl: Float32Array, mask: Float32Array, scores: Float32Array, hasEos: Int32Array, B: number, T: number, beta: number, rewardClip: number, missingEosPenalty: number): void {
    perTokenRewards(rewards, kl, mask, scores, Uint8Array.from(hasEos.subarray(0, B), (x) => (x ? 1 : 0)), B, T, beta, rewardClip, missingEosPenalty);
  }
  whitenMasked(out: Float32Array, x: Float32Array, mask: Float32Array, n: number, shiftMean: boolean): void {
    whitenMasked(out, x, mask, n, shiftMean);
  }
  gae: Cpu['gae'] = gae;
  ppoPolicyLoss(dlogprob: Float32Array, stats: Float32Array, logprob: Float32Array, oldLogprob: Float32Array, advantages: Float32Array, mask: Float32Array, n: number, clipEps: number): void {
    const s = ppoPolicyLoss(dlogprob, logprob, oldLogprob, advantages, mask, n, clipEps);
    stats[PPO_STATS.loss] = s.loss;
    stats[PPO_STATS.clipfrac] = s.clipfrac;
    stats[PPO_STATS.approxkl] = s.approxkl;
    stats[PPO_STATS.maskSum] = maskSum(mask, n);
  }
  valueLoss(dvalues: Float32Array, stats: Float32Array, values: Float32Array, oldValues: Float32Array, returns: Float32Array, mask: Float32Array, n: number, clipEps: number): void {
    const s = valueLoss(dvalues, values, oldValues, returns, mask, n, clipEps);
    stats[VALUE_STATS.loss] = s.loss;
    stats[VALUE_STATS.clipfrac] = s.clipfrac;
    stats[VALUE_STATS.maskSum] = maskSum(mask, n);
  }
  pairwiseLoss(dscores: Float32Array, stats: Float32Array, scores: Float32Array, B: number): void {
    const s = pairwiseLoss(dscores, scores, B);
    stats[0] = s.loss;
    stats[1] = s.accuracy;
  }
  groupAdvantages(rewards: Float32Array, advantages: Float32Array, groupStats: Float32Array, stats: Float32Array, scores: Float32Array, hasEos: Int32Array, kl: Float32Array, mask: Float32Array, B: number, T: number, o: GroupAdvantageOptions): void {
    const s = groupAdvantages(rewards, advantages, groupStats, scores, hasEos, kl, mask, B, T, o);
    stats[0] = s.fracRewardZeroStd;
    stats[1] = s.rewardStdBatch;
  }
  grpoLoss(dlogprob: Float32Array, stats: Float32Array, logprob: Float32Array, oldLogprob: Float32Array, refLogprob: Float32Array, advantages: Float32Array, mask: Float32Array, B: number, T: number, o: GrpoLossOptions): void {
    const s = grpoLoss(dlogprob, logprob, oldLogprob, refLogprob, advantages, mask, B, T, o);
    stats.set([s.loss, s.kl, s.clipLow, s.clipHigh, s.clipRegion, s.maskSum, s.approxkl]);
  }
  seqLogprobForward: Cpu['seqLogprobForward'] = seqLogprobForward;
  seqLogprobBackward: Cpu['seqLogprobBackward'] = seqLogprobBackward;
  dpoLoss(dlogps: Float32Array, stats: Float32Array, logps: Float32Array, refLogps: Float32Array, lengths: Float32Array, N: number, beta: number, lossType: DpoLossType): void {
    const s = dpoLoss(dlogps, logps, refLogps, lengths, N, beta, lossType);
    stats.set([s.loss, s.rewardsChosen, s.rewardsRejected, s.accuracies, s.margins]);
  }
}

function maskSum(mask: Float32Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += mask[i];
  return s;
}
