import type { Backend } from '../model/backend';
import type { AdamWSettings, Gpt } from '../model/gpt';
import type { PackedBatch } from './sequences';
import { TrainingDivergedError } from './diverged';

export interface SftStepResult {
  /** Mean next-token cross-entropy over the answer tokens (nats). */
  loss: number;
  perplexity: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

/**
 * Supervised fine-tuning: next-token cross-entropy on the answer tokens (prompt positions and PAD
 * carry target −1 and no loss), the mean over counted tokens, one AdamW step. Works on either
 * engine; buffers are sized once for (B, S).
 */
export class SftTrainer<F, I> {
  private readonly be: Backend<F, I>;
  private readonly tokens: I;
  private readonly targets: I;
  private readonly losses: F;
  private readonly probs: F;
  private readonly dlosses: F;

  constructor(
    readonly model: Gpt<F, I>,
    readonly B: number,
    readonly S: number,
  ) {
    if (model.head !== 'lm') throw new Error('SFT trains a language-model head');
    this.be = model.backend;
    const N = B * S;
    this.tokens = this.be.ints(N, 'sft.tokens');
    this.targets = this.be.ints(N, 'sft.targets');
    this.losses = this.be.floats(N, 'sft.losses');
    this.probs = this.be.floats(N * model.config.vocabSize, 'sft.probs');
    this.dlosses = this.be.floats(N, 'sft.dlosses');
  }

  /** Per-token losses (B·S) of the last recorded batch (0 at ignored targets). */
  get lossesTensor(): F {
    return this.losses;
  }

  /**
   * Records the forward pass and the per-token losses of a batch (no update); uploads
   * dlosses = weight / count at counted targets for a backward. Returns count.
   */
  private recordLoss(batch: PackedBatch, weight = 1): number {
    if (batch.B !== this.B || batch.S !== this.S) throw new RangeError(`SFT batch is ${batch.B}×${batch.S}, trainer was built for ${this.B}×${this.S}`);
    const { be, model } = this;
    const N = this.B * this.S;
    be.uploadInts(this.tokens, batch.tokens);
    be.uploadInts(this.targets, batch.targets);
    const count = SftTrainer.count(batch);
    const d = new Float32Array(N);
    for (let i = 0; i < N; i++) if (batch.targets[i] >= 0) d[i] = weight / Math.max(1, count);
    be.upload(this.dlosses, d);
    model.forward(this.tokens, this.B, this.S);
    be.crossentropyForward(this.losses, this.probs, model.output(), this.targets, N, model.config.vocabSize);
    return count;
  }

  /** Answer tokens with a target (the mean's denominator). */
  static count(batch: PackedBatch): number {
    let count = 0;
    for (let i = 0; i < batch.targets.length; i++) if (batch.targets[i] >= 0) count++;
    return count;
  }

  static mean(losses: Float32Array, count: number): number {
    let s = 0;
    for (let i = 0; i < losses.length; i++) s += losses[i];
    return s / Math.max(1, count);
  }

  /**
   * Records weight · (mean cross-entropy of the batch) into the model's gradients: forward, loss,
   * backward, accumulating (no zeroGrad, no optimizer step, no read-back). PPO-ptx adds its term to
   * the actor's PPO gradients this way before the one AdamW step (docs/algorithms.md).
   */
  recordGradients(batch: PackedBatch, weight: number): void {
    const { be, model } = this;
    const N = this.B * this.S;
    this.recordLoss(batch, weight);
    be.fill(model.outputGrad(), 0);
    be.crossentropyBackward(model.outputGrad(), this.dlosses, this.probs, this.targets, N, model.config.vocabSize);
    model.backward(this.tokens);
  }

  /** Records the forward pass and per-token losses only (no gradients); read `lossesTensor`. */
  recordEvaluation(batch: PackedBatch): void {
    this.recordLoss(batch);
  }

  async step(batch: PackedBatch, adam: AdamWSettings): Promise<SftStepResult> {
    const { be, model } = this;
    model.zeroGrad();
    this.recordGradients(batch, 1);
    model.step(adam);
    const [losses, normSq] = await be.readMany([this.losses, model.gradNormSquaredView()]);
    const loss = SftTrainer.mean(losses, SftTrainer.count(batch));
    if (!Number.isFinite(loss)) throw new TrainingDivergedError(`SFT loss is ${loss}: training diverged (lower the learning rate)`);
    return { loss, perplexity: Math.exp(loss), gradNorm: Math.sqrt(normSq[0]) };
  }

  /** Mean loss on a batch without updating. */
  async evaluate(batch: PackedBatch): Promise<number> {
    this.recordEvaluation(batch);
    return SftTrainer.mean(await this.be.read(this.losses), SftTrainer.count(batch));
  }

  release(): void {
    for (const t of [this.losses, this.probs, this.dlosses]) this.be.release(t);
    for (const t of [this.tokens, this.targets]) this.be.release(t);
  }
}
