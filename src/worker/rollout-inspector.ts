/**
 * What the sampling panel's next-token bars need between phases: the current rollout and the
 * (B, S, V) logits of the actor that sampled it. The logits are read back only when the UI may
 * look at them (not while running on "fast"), and kept only until the next rollout.
 */
import type { Backend } from '../engine/model/backend';
import type { Gpt } from '../engine/model/gpt';
import type { RolloutView } from '../engine/rl/ppo-stats';
import type { TopK } from './protocol';
import { topK } from './topk';

/** (B, S, V) logits of the actor that sampled a rollout, and the temperature it sampled with. */
interface RolloutLogits {
  data: Float32Array;
  temperature: number;
}

export class RolloutInspector<F, I> {
  private rollout: RolloutView | null = null;
  private logits: RolloutLogits | null = null;
  private temperature = 1;
  private learnedSinceSample = false;

  constructor(private readonly be: Backend<F, I>, private readonly actor: Gpt<F, I>) {}

  /** A new rollout replaces the last one (and its logits). */
  sampled(rollout: RolloutView, temperature: number): void {
    this.rollout = rollout;
    this.temperature = temperature;
    this.logits = null;
    this.learnedSinceSample = false;
  }

  /** Call before the actor learns: its logits of this rollout change then. */
  async beforeLearning(keepLogits: boolean): Promise<void> {
    if (keepLogits && !this.logits && this.rollout) this.logits = await this.readLogits(this.rollout);
  }

  learned(): void {
    this.learnedSinceSample = true;
  }

  /** Reads the logits of the current rollout now (the sampling panel will ask for them). */
  async cacheLogits(): Promise<void> {
    if (this.rollout) this.logits = await this.readLogits(this.rollout);
  }

  /** One forward of the actor over the rollout (B, S), read back. */
  private async readLogits(r: RolloutView): Promise<RolloutLogits> {
    const { be, actor } = this;
    const seq = be.ints(r.B * r.S, 'viz.seq');
    be.uploadInts(seq, r.tokens);
    actor.forward(seq, r.B, r.S);
    const data = await be.read(actor.output());
    be.release(seq);
    return { data, temperature: this.temperature };
  }

  /** The k most likely next tokens at response position (b, t) of the current rollout. */
  async topk(b: number, t: number, k: number): Promise<TopK> {
    const r = this.rollout;
    if (!r) throw new Error('no rollout to look at yet');
    if (b < 0 || b >= r.B || t < 0 || t >= r.T) throw new RangeError(`no token at (${b}, ${t})`);
    let logits = this.logits;
    if (!logits) {
      if (this.learnedSinceSample) throw new Error('the actor has been updated since this rollout was sampled; step to the next sampling phase to see its probabilities');
      logits = this.logits = await this.readLogits(r);
    }
    const V = logits.data.length / (r.B * r.S);
    const pos = r.P + t - 1; // logits of the position before the token (docs/conventions.md §3)
    const row = logits.data.subarray((b * r.S + pos) * V, (b * r.S + pos + 1) * V);
    const sampled = r.tokens[b * r.S + r.P + t];
    return { b, t, ...topK(row, logits.temperature, k, sampled) };
  }
}
