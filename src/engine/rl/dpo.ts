import type { PreferencePair, Scenario } from '../data/scenario';
import type { Backend } from '../model/backend';
import type { DpoLossType } from '../model/rl-options';
import type { Gpt } from '../model/gpt';
import type { Rng } from '../tensor/rng';
import { DPO_STATS } from '../gpu/kernels/dpo-loss';
import { dpoLoss } from './dpo-loss';
import { packSequences, responseMask } from './sequences';

/** Held-out preference pairs whose implicit-reward accuracy is measured every iteration. */
export const DPO_HELD_OUT_PAIRS = 128;

/** One preference pair as the DPO panel shows it, with the model's implicit rewards. */
export interface DpoPairView {
  prompt: number[];
  chosen: number[];
  rejected: number[];
  /** β·(log π_θ(y) − log π_ref(y)) of the chosen and the rejected answer. */
  rewardChosen: number;
  rewardRejected: number;
  /** rewardChosen − rewardRejected. */
  margin: number;
  /** This pair's loss (−log σ(margin) for 'sigmoid', IPO's squared error for 'ipo'). */
  loss: number;
}

/** What DPO's feedback phase produced: the iteration's pairs and the held-out measure. */
export interface DpoFeedbackView {
  pairs: DpoPairView[];
  source: 'scenario' | 'class';
  /** TRL stats of this batch before the update, and of the held-out pairs (eval_ prefix as TRL's evaluate()). */
  stats: Record<string, number>;
}

/**
 * Device tensors and data of DPO on preference pairs (Rafailov et al. 2023; TRL DPOTrainer):
 * each iteration's N pairs — from the scenario's labeller or from the class's own labels — packed
 * as 2N rows (chosen rows, then rejected rows) of S = P + T_scenario, their sequence log-probs
 * under the policy and the frozen reference, and minibatch buffers for the updates.
 */
export class DpoData<F, I> {
  readonly S: number;
  /** (2N, S) tokens and (2N, T) masks of this iteration's pairs; (2N) reference / policy sequence log-probs; (2N) lengths. */
  readonly seq: I;
  readonly mask: F;
  readonly refLogps: F;
  readonly logps: F;
  readonly lengths: F;
  // minibatch (2·mbPairs rows)
  readonly idx: I;
  readonly mbSeq: I;
  readonly mbMask: F;
  readonly mbRef: F;
  readonly mbLengths: F;
  readonly mbTokenLogps: F;
  readonly mbEntropy: F;
  readonly mbLogps: F;
  readonly mbDlogps: F;
  readonly mbDtoken: F;
  readonly mbZeros: F;
  readonly stats: F;
  /** Scratch for the (2N, T) per-token log-probs of the feedback pass. */
  private readonly tokenLogps: F;
  private readonly entropy: F;
  private readonly all: (F | I)[] = [];
  private pairs: PreferencePair[] = [];
  private heldOut: PreferencePair[];

  constructor(
    private readonly be: Backend<F, I>,
    private readonly scenario: Scenario,
    /** Pairs per iteration. */
    readonly N: number,
    readonly mbPairs: number,
    heldOutRng: Rng,
    /** Held-out pairs measured every iteration (eval_ statistics). */
    heldOutPairs = DPO_HELD_OUT_PAIRS,
  ) {
    const T = scenario.maxResponseLength;
    this.S = scenario.promptLength + T;
    const f = (n: number, label: string) => this.keep(be.floats(n, `dpo.${label}`));
    const i = (n: number, label: string) => this.keep(be.ints(n, `dpo.${label}`));
    const rows = 2 * Math.max(N, heldOutPairs), mbRows = 2 * mbPairs;
    this.seq = i(rows * this.S, 'seq');
    this.mask = f(rows * T, 'mask');
    this.refLogps = f(rows, 'refLogps');
    this.logps = f(rows, 'logps');
    this.lengths = f(rows, 'lengths');
    this.tokenLogps = f(rows * T, 'tokenLogps');
    this.entropy = f(rows * T, 'entropy');
    this.idx = i(mbRows, 'idx');
    this.mbSeq = i(mbRows * this.S, 'mbSeq');
    this.mbMask = f(mbRows * T, 'mbMask');
    this.mbRef = f(mbRows, 'mbRef');
    this.mbLengths = f(mbRows, 'mbLengths');
    this.mbTokenLogps = f(mbRows * T, 'mbTokenLogps');
    this.mbEntropy = f(mbRows * T, 'mbEntropy');
    this.mbLogps = f(mbRows, 'mbLogps');
    this.mbDlogps = f(mbRows, 'mbDlogps');
    this.mbDtoken = f(mbRows * T, 'mbDtoken');
    this.mbZeros = f(mbRows * T, 'mbZeros');
    this.stats = f(DPO_STATS.length, 'stats');
    this.heldOut = scenario.preferencePairs(heldOutRng, heldOutPairs);
  }

  private keep<T extends F | I>(t: T): T {
    this.all.push(t);
    return t;
  }

  /** Elements of `stats` (DPO_STATS). */
  readonly statsLength = DPO_STATS.length;

  get T(): number {
    return this.scenario.maxResponseLength;
  }

  /** The iteration's pairs: N from the scenario's labeller (rng), or drawn with replacement from the class's. */
  choose(rng: Rng, classPairs: PreferencePair[] | null): PreferencePair[] {
    if (classPairs) {
      if (classPairs.length === 0) throw new Error('DPO on the class’s labels needs labelled pairs: label some in the labeller panel first');
      this.pairs = Array.from({ length: this.N }, () => classPairs[rng.int(classPairs.length)]);
    } else {
      this.pairs = this.scenario.preferencePairs(rng, this.N);
    }
    return this.pairs;
  }

  /** Uploads pairs as 2n rows (chosen, then rejected) with their masks and lengths. */
  private upload(pairs: PreferencePair[]): void {
    const n = pairs.length, P = this.scenario.promptLength;
    const packed = packSequences([...pairs.map((p) => p.prompt), ...pairs.map((p) => p.prompt)], [...pairs.map((p) => p.chosen), ...pairs.map((p) => p.rejected)], P, this.T);
    const m = responseMask(packed.tokens, 2 * n, this.S, P);
    this.be.uploadInts(this.be.intView(this.seq, 0, 2 * n * this.S), packed.tokens);
    this.be.upload(this.be.view(this.mask, 0, 2 * n * this.T), m.mask);
    this.be.upload(this.be.view(this.lengths, 0, 2 * n), Float32Array.from(m.length));
  }

  /** Records the sequence log-probs (temperature 1, TRL's) of 2n uploaded rows under `model` into out. */
  private recordLogps(model: Gpt<F, I>, out: F, n: number): void {
    const { be } = this;
    const rows = 2 * n, V = model.config.vocabSize;
    const seq = be.intView(this.seq, 0, rows * this.S);
    model.forward(seq, rows, this.S);
    be.logprobsForward(this.tokenLogps, this.entropy, model.output(), seq, rows, this.T, this.S, this.scenario.promptLength, V, 1);
    be.seqLogprobForward(out, this.tokenLogps, this.mask, rows, this.T);
  }

  /**
   * Feedback: the held-out pairs' log-probs (read back for eval_ stats), then the iteration's pairs'
   * under the reference (kept on the device for the updates) and the policy.
   */
  async feedback(actor: Gpt<F, I>, reference: Gpt<F, I>, beta: number, lossType: DpoLossType, source: 'scenario' | 'class'): Promise<DpoFeedbackView> {
    const { be } = this;
    const H = this.heldOut.length, N = this.pairs.length;
    this.upload(this.heldOut);
    this.recordLogps(actor, this.logps, H);
    this.recordLogps(reference, this.refLogps, H);
    const [heldPolicy, heldRef] = await be.readMany([be.view(this.logps, 0, 2 * H), be.view(this.refLogps, 0, 2 * H)]);
    const heldLengths = this.hostLengths(this.heldOut);
    this.upload(this.pairs);
    this.recordLogps(reference, this.refLogps, N);
    this.recordLogps(actor, this.logps, N);
    const [policy, ref] = await be.readMany([be.view(this.logps, 0, 2 * N), be.view(this.refLogps, 0, 2 * N)]);
    const lengths = this.hostLengths(this.pairs);
    const held = dpoLoss(new Float32Array(2 * H), heldPolicy, heldRef, heldLengths, H, beta, lossType);
    const batch = dpoLoss(new Float32Array(2 * N), policy, ref, lengths, N, beta, lossType);
    const pairs = this.pairs.map((p, i) => {
      const one = dpoLoss(new Float32Array(2), Float32Array.of(policy[i], policy[N + i]), Float32Array.of(ref[i], ref[N + i]), Float32Array.of(lengths[i], lengths[N + i]), 1, beta, lossType);
      return { prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, rewardChosen: one.rewardsChosen, rewardRejected: one.rewardsRejected, margin: one.margins, loss: one.loss };
    });
    const mean = (xs: Float32Array, from: number, to: number) => xs.subarray(from, to).reduce((a, b) => a + b, 0) / Math.max(1, to - from);
    return {
      pairs, source,
      stats: {
        'rewards/chosen': batch.rewardsChosen, 'rewards/rejected': batch.rewardsRejected, 'rewards/accuracies': batch.accuracies, 'rewards/margins': batch.margins,
        'logps/chosen': mean(policy, 0, N), 'logps/rejected': mean(policy, N, 2 * N),
        eval_loss: held.loss, 'eval_rewards/accuracies': held.accuracies, 'eval_rewards/margins': held.margins,
      },
    };
  }

  private hostLengths(pairs: PreferencePair[]): Float32Array {
    const P = this.scenario.promptLength;
    const packed = packSequences([...pairs.map((p) => p.prompt), ...pairs.map((p) => p.prompt)], [...pairs.map((p) => p.chosen), ...pairs.map((p) => p.rejected)], P, this.T);
    return Float32Array.from(responseMask(packed.tokens, 2 * pairs.length, this.S, P).length);
  }

  /**
   * Records one DPO update's loss and d(loss)/d(logits) into the actor's output gradient for the
   * pairs `pairIdx` (a minibatch): gathers their chosen and rejected rows, runs the actor, sums the
   * answers' log-probs, the DPO/IPO loss, and back through the sums and the log-prob gather.
   */
  recordUpdate(actor: Gpt<F, I>, pairIdx: number[], beta: number, lossType: DpoLossType): void {
    const { be } = this;
    const n = pairIdx.length, rows = 2 * n, N = this.pairs.length, T = this.T, P = this.scenario.promptLength, V = actor.config.vocabSize;
    be.uploadInts(this.idx, Int32Array.from([...pairIdx, ...pairIdx.map((i) => N + i)]));
    be.gatherRowsInt(this.mbSeq, this.seq, this.idx, rows, this.S);
    be.gatherRows(this.mbMask, this.mask, this.idx, rows, T);
    be.gatherRows(this.mbRef, this.refLogps, this.idx, rows, 1);
    be.gatherRows(this.mbLengths, this.lengths, this.idx, rows, 1);
    actor.forward(this.mbSeq, rows, this.S);
    be.logprobsForward(this.mbTokenLogps, this.mbEntropy, actor.output(), this.mbSeq, rows, T, this.S, P, V, 1);
    be.seqLogprobForward(this.mbLogps, this.mbTokenLogps, this.mbMask, rows, T);
    be.dpoLoss(this.mbDlogps, this.stats, this.mbLogps, this.mbRef, this.mbLengths, n, beta, lossType);
    be.fill(this.mbDtoken, 0);
    be.seqLogprobBackward(this.mbDtoken, this.mbDlogps, this.mbMask, rows, T);
    be.fill(actor.outputGrad(), 0);
    be.logprobsBackward(actor.outputGrad(), this.mbDtoken, this.mbZeros, actor.output(), this.mbSeq, rows, T, this.S, P, V, 1);
  }

  release(): void {
    for (const t of this.all) this.be.release(t);
  }
}
