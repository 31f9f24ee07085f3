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

type Cpu = Backend<Float32Array, Int32Array>;

/** The CPU engine: handles are typed arrays, ops run immediately (engine/cpu reference ops). */
export class CpuBackend implements Backend<Float32Array, Int32Array> {
  readonly kind = 'cpu' as const;

  floats(n: number): Float32Array {
    return new Float32Array(n);
  }
  ints(n: number): Int32Array {
    return new Int32Array(n);
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
  release(): void {}
  async flush(): Promise<void> {}
  fill(t: Float32Array, value: number): void {
    t.fill(value);
  }
  copy(src: Float32Array, dst: Float32Array): void {
    dst.set(src);
  }

  encoderForward: Cpu['encoderForward'] = encoderForward;
  encoderBackward: Cpu['encoderBackward'] = encoderBackward;
  layernormForward: Cpu['layernormForward'] = layernormForward;
  layernormBackward: Cpu['layernormBackward'] = layernormBackward;
  matmulForward(out: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array | null, N: number, C: number, OC: number): void {
    matmulForwardFast(out, inp, weight, bias, N, C, OC);
  }
  matmulBackward(dinp: Float32Array, dweight: Float32Array, dbias: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array, N: number, C: number, OC: number): void {
    matmulBackwardFast(dinp, dweight, dbias, dout, inp, weight, N, C, OC);
  }
  attentionForward: Cpu['attentionForward'] = attentionForward;
  attentionBackward: Cpu['attentionBackward'] = attentionBackward;
  geluForward: Cpu['geluForward'] = geluForward;
  geluBackward: Cpu['geluBackward'] = geluBackward;
  residualForward: Cpu['residualForward'] = residualForward;
  residualBackward: Cpu['residualBackward'] = residualBackward;
  crossentropyForward: Cpu['crossentropyForward'] = crossentropyForward;
  crossentropyBackward: Cpu['crossentropyBackward'] = crossentropyBackward;
  gradNormSquared(out: Float32Array, grads: Float32Array, n: number): void {
    out[0] = gradNormSquared(grads, n);
  }
  adamwUpdate(params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array, n: number, lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, t: number, normSq: Float32Array, maxNorm: number): void {
    adamwUpdate(params, grads, m, v, n, lr, beta1, beta2, eps, weightDecay, t, normSq[0], maxNorm);
  }
  decodeEmbed: Cpu['decodeEmbed'] = decodeEmbed;
  attentionDecode: Cpu['attentionDecode'] = attentionDecode;
  sampleNext(seq: Int32Array, logits: Float32Array, B: number, S: number, V: number, pos: number, P: number, d: DrawSettings): void {
    sampleNext(seq, logits, B, S, V, pos, P, d);
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

  logprobsForward: Cpu['logprobsForward'] = logprobsForward;
  logprobsBackward: Cpu['logprobsBackward'] = logprobsBackward;
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
    stats.set([s.loss, s.kl, s.clipLow, s.clipHigh, s.clipRegion, s.maskSum]);
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
