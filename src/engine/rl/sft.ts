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

  /** Records the forward pass and loss of a batch (no update); returns the loss sum's tensor. */
  private recordLoss(batch: PackedBatch): number {
    if (batch.B !== this.B || batch.S !== this.S) throw new RangeError(`SFT batch is ${batch.B}×${batch.S}, trainer was built for ${this.B}×${this.S}`);
    const { be, model } = this;
    const N = this.B * this.S;
    be.uploadInts(this.tokens, batch.tokens);
    be.uploadInts(this.targets, batch.targets);
    let count = 0;
    const d = new Float32Array(N);
    for (let i = 0; i < N; i++) if (batch.targets[i] >= 0) count++;
    for (let i = 0; i < N; i++) if (batch.targets[i] >= 0) d[i] = 1 / Math.max(1, count);
    be.upload(this.dlosses, d);
    model.forward(this.tokens, this.B, this.S);
    be.crossentropyForward(this.losses, this.probs, model.output(), this.targets, N, model.config.vocabSize);
    return count;
  }

  private static mean(losses: Float32Array, count: number): number {
    let s = 0;
    for (let i = 0; i < losses.length; i++) s += losses[i];
    return s / Math.max(1, count);
  }

  async step(batch: PackedBatch, adam: AdamWSettings): Promise<SftStepResult> {
    const { be, model } = this;
    const N = this.B * this.S;
    model.zeroGrad();
    const count = this.recordLoss(batch);
    be.fill(model.outputGrad(), 0);
    be.crossentropyBackward(model.outputGrad(), this.dlosses, this.probs, this.targets, N, model.config.vocabSize);
    model.backward(this.tokens);
    model.step(adam);
    const [losses, normSq] = await be.readMany([this.losses, model.gradNormSquaredView()]);
    const loss = SftTrainer.mean(losses, count);
    if (!Number.isFinite(loss)) throw new TrainingDivergedError(`SFT loss is ${loss}: training diverged (lower the learning rate)`);
    return { loss, perplexity: Math.exp(loss), gradNorm: Math.sqrt(normSq[0]) };
  }

  /** Mean loss on a batch without updating. */
  async evaluate(batch: PackedBatch): Promise<number> {
    const count = this.recordLoss(batch);
    return SftTrainer.mean(await this.be.read(this.losses), count);
  }

  release(): void {
    for (const t of [this.losses, this.probs, this.dlosses]) this.be.release(t);
    for (const t of [this.tokens, this.targets]) this.be.release(t);
  }
}
