import type { Scenario } from '../data/scenario';
import type { Backend } from '../model/backend';
import type { Gpt } from '../model/gpt';
import type { Rng } from '../tensor/rng';
import { packSequences, type PackedBatch } from './sequences';
import { SftTrainer } from './sft';

/** Held-out SFT examples whose cross-entropy is measured every iteration (at least this many). */
export const HELD_OUT_EXAMPLES = 64;

/**
 * PPO-ptx (Ouyang et al. 2022, eq. 2; DeepSpeed-Chat's unsup_coef, ColossalChat's ptx_coef):
 * every actor update adds γ·CE(actor, a minibatch of the scenario's SFT corpus) to the RL loss.
 * Both gradients go into the same accumulator before the one AdamW step — ColossalChat's order
 * (separate backward passes into one set of gradients, one step), with InstructGPT's weighting
 * L_rl + γ·L_ptx (docs/algorithms.md says why not DeepSpeed-Chat's second optimizer step).
 *
 * Also the language measure a class can read: the actor's mean next-token cross-entropy on
 * held-out SFT text (never trained on), recorded every iteration with or without PTX.
 * Everything is recorded on the backend; the losses are read back with the learning phase.
 */
export class PtxTerm<F, I> {
  private readonly sft: SftTrainer<F, I>;
  /** The held-out set in one batch (its per-token losses are read back as they are). */
  private readonly heldOutSft: SftTrainer<F, I>;
  private readonly be: Backend<F, I>;
  /** (updates, B·S) per-token PTX losses of every update. */
  private readonly updateLosses: F;
  private readonly heldOut: PackedBatch;
  private readonly counts: number[] = [];

  constructor(
    actor: Gpt<F, I>,
    private readonly scenario: Scenario,
    /** SFT examples per update (ptxBatchSize). */
    readonly B: number,
    readonly updates: number,
    heldOutRng: Rng,
  ) {
    this.be = actor.backend;
    const P = scenario.promptLength, T = scenario.maxResponseLength;
    this.sft = new SftTrainer(actor, B, P + T);
    // Whole PTX-sized draws (the examples do not depend on how they are batched: one draw of n is n
    // draws of one), measured in one forward pass instead of one per chunk — a pass costs ~19 GPU
    // dispatches whatever its batch, and issue #15 asks a PPO iteration for at most half the unfused
    // engine's dispatches. Each row's losses are the same bits either way.
    const heldOutB = Math.ceil(HELD_OUT_EXAMPLES / B) * B;
    this.heldOut = this.pack(heldOutRng, heldOutB);
    this.heldOutSft = new SftTrainer(actor, heldOutB, P + T);
    this.updateLosses = this.be.floats(updates * B * (P + T), 'ptx.updateLosses');
  }

  private pack(rng: Rng, n = this.B): PackedBatch {
    const ex = this.scenario.sftExamples(rng, n);
    return packSequences(ex.map((e) => e.prompt), ex.map((e) => e.response), this.scenario.promptLength, this.scenario.maxResponseLength);
  }

  private get N(): number {
    return this.sft.B * this.sft.S;
  }

  /** Records the held-out forward passes (no gradients); call while the actor is the rollout policy. */
  recordHeldOut(): void {
    this.heldOutSft.recordEvaluation(this.heldOut);
  }

  /** Records coef · CE(actor, next SFT minibatch from `rng`) into the actor's gradients for update u. */
  recordUpdate(u: number, rng: Rng, coef: number): void {
    const batch = this.pack(rng);
    this.counts[u] = SftTrainer.count(batch);
    this.sft.recordGradients(batch, coef);
    this.be.copy(this.sft.lossesTensor, this.be.view(this.updateLosses, u * this.N, this.N));
  }

  /** The tensors to read back with the learning phase: [update losses, held-out losses]. */
  get readbacks(): [F, F] {
    return [this.updateLosses, this.heldOutSft.lossesTensor];
  }

  /** Mean held-out cross-entropy (nats per answer token) from the read-back held-out losses. */
  heldOutCe(losses: Float32Array): number {
    return SftTrainer.mean(losses, SftTrainer.count(this.heldOut));
  }

  /** The mean PTX cross-entropy of update u (NaN when that update had no PTX term). */
  updateCe(losses: Float32Array, u: number): number {
    const c = this.counts[u];
    return c === undefined ? NaN : SftTrainer.mean(losses.subarray(u * this.N, (u + 1) * this.N), c);
  }

  /** Forgets which updates had a PTX term (call at the start of each learning phase). */
  reset(): void {
    this.counts.length = 0;
  }

  release(): void {
    this.sft.release();
    this.heldOutSft.release();
    this.be.release(this.updateLosses);
  }
}
