import type { Backend } from '../model/backend';
import type { AdamWSettings, Gpt } from '../model/gpt';
import type { PackedBatch } from './sequences';
import { TrainingDivergedError } from './diverged';

export interface RewardStepResult {
  /** Mean −log σ(s_chosen − s_rejected). */
  loss: number;
  /** Fraction of pairs with s_chosen > s_rejected. */
  accuracy: number;
  gradNorm: number;
}

/**
 * Reward-model training on preference pairs: the scalar head read at each answer's last real
 * token (docs/conventions.md §3), pairwise loss −log σ(s_c − s_r), one AdamW step. A batch is 2B packed
 * sequences: rows 0..B−1 the chosen answers, rows B..2B−1 the rejected ones, same prompts.
 */
export class RewardTrainer<F, I> {
  private readonly be: Backend<F, I>;
  private readonly tokens: I;
  private readonly lastIndex: I;
  private readonly scores: F;
  private readonly dscores: F;
  private readonly stats: F;

  constructor(
    readonly model: Gpt<F, I>,
    /** Pairs per batch. */
    readonly B: number,
    readonly S: number,
  ) {
    if (model.head !== 'reward') throw new Error('RewardTrainer needs a reward head');
    this.be = model.backend;
    this.tokens = this.be.ints(2 * B * S, 'rm.tokens');
    this.lastIndex = this.be.ints(2 * B, 'rm.last');
    this.scores = this.be.floats(2 * B, 'rm.scores');
    this.dscores = this.be.floats(2 * B, 'rm.dscores');
    this.stats = this.be.floats(2, 'rm.stats');
  }

  private record(pairs: PackedBatch): void {
    if (pairs.B !== 2 * this.B || pairs.S !== this.S) throw new RangeError(`reward batch is ${pairs.B}×${pairs.S}, expected ${2 * this.B}×${this.S}`);
    const { be, model } = this;
    be.uploadInts(this.tokens, pairs.tokens);
    be.uploadInts(this.lastIndex, pairs.lastIndex);
    model.forward(this.tokens, 2 * this.B, this.S);
    be.gatherAt(this.scores, model.output(), this.lastIndex, 2 * this.B, this.S);
    be.pairwiseLoss(this.dscores, this.stats, this.scores, this.B);
  }

  async step(pairs: PackedBatch, adam: AdamWSettings): Promise<RewardStepResult> {
    const { be, model } = this;
    model.zeroGrad();
    this.record(pairs);
    be.fill(model.outputGrad(), 0);
    be.scatterAt(model.outputGrad(), this.dscores, this.lastIndex, 2 * this.B, this.S);
    model.backward(this.tokens);
    model.step(adam);
    const [stats, normSq] = await be.readMany([this.stats, model.gradNormSquaredView()]);
    if (!Number.isFinite(stats[0])) throw new TrainingDivergedError(`reward-model loss is ${stats[0]}: training diverged (lower the learning rate)`);
    return { loss: stats[0], accuracy: stats[1], gradNorm: Math.sqrt(normSq[0]) };
  }

  /** Loss and accuracy on held-out pairs (no update). */
  async evaluate(pairs: PackedBatch): Promise<{ loss: number; accuracy: number }> {
    this.record(pairs);
    const s = await this.be.read(this.stats);
    return { loss: s[0], accuracy: s[1] };
  }

  release(): void {
    for (const t of [this.scores, this.dscores, this.stats]) this.be.release(t);
    for (const t of [this.tokens, this.lastIndex]) this.be.release(t);
  }
}
