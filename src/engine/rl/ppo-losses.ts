import type { Backend } from '../model/backend';
import type { Gpt } from '../model/gpt';

/**
 * The wiring between the models and the PPO losses (docs/conventions.md §3), written once and used
 * by the trainer and by the finite-difference test (losses-fd.test.ts), so the gradient that is
 * checked is the one the trainer applies.
 */

/** Rows × response length of the tensors below; answers start at position P of sequences of S. */
export interface LossShape {
  rows: number;
  T: number;
  S: number;
  P: number;
}

/**
 * V_t, the value of the state before response token t, is the critic's output at position
 * P + t − 1 — the same position whose logits predict token t. out (rows, T) ← critic output (rows, S).
 */
export function sliceValues<F, I>(be: Backend<F, I>, out: F, criticOutput: F, s: LossShape): void {
  be.sliceColumns(out, criticOutput, s.rows, s.T, s.S, s.P - 1);
}

export interface PolicyLossTensors<F, I> {
  seq: I; // (rows, S)
  oldLogprobs: F; // (rows, T) at sampling
  advantages: F; // (rows, T) whitened or not
  mask: F; // (rows, T)
  logprobs: F; // (rows, T) out: under the actor now
  entropy: F; // (rows, T) out
  dlogprobs: F; // (rows, T) out: ∂loss/∂logprob
  zeros: F; // (rows, T) zeros: the entropy is not in the loss
  stats: F; // (PPO_STATS.length) out
}

/**
 * Records the actor's forward pass and the clipped surrogate loss on its new log-probs, and leaves
 * ∂loss/∂logits in actor.outputGrad(), ready for actor.backward(t.seq).
 */
export function recordPolicyLoss<F, I>(actor: Gpt<F, I>, t: PolicyLossTensors<F, I>, s: LossShape, temperature: number, clipEps: number): void {
  const be = actor.backend, V = actor.config.vocabSize;
  actor.forward(t.seq, s.rows, s.S);
  be.logprobsForward(t.logprobs, t.entropy, actor.output(), t.seq, s.rows, s.T, s.S, s.P, V, temperature);
  be.ppoPolicyLoss(t.dlogprobs, t.stats, t.logprobs, t.oldLogprobs, t.advantages, t.mask, s.rows * s.T, clipEps);
  be.fill(actor.outputGrad(), 0);
  be.logprobsBackward(actor.outputGrad(), t.dlogprobs, t.zeros, actor.output(), t.seq, s.rows, s.T, s.S, s.P, V, temperature);
}

export interface ValueLossTensors<F, I> {
  seq: I; // (rows, S)
  oldValues: F; // (rows, T) at feedback
  returns: F; // (rows, T)
  mask: F; // (rows, T)
  values: F; // (rows, T) out: under the critic now
  dvalues: F; // (rows, T) out: ∂loss/∂values
  stats: F; // (VALUE_STATS.length) out
}

/**
 * Records the critic's forward pass and the clipped value loss on the values of the same
 * positions as the feedback phase read, and leaves ∂loss/∂output in critic.outputGrad().
 */
export function recordValueLoss<F, I>(critic: Gpt<F, I>, t: ValueLossTensors<F, I>, s: LossShape, clipEps: number): void {
  const be = critic.backend;
  critic.forward(t.seq, s.rows, s.S);
  sliceValues(be, t.values, critic.output(), s);
  be.valueLoss(t.dvalues, t.stats, t.values, t.oldValues, t.returns, t.mask, s.rows * s.T, clipEps);
  be.fill(critic.outputGrad(), 0);
  be.scatterColumns(critic.outputGrad(), t.dvalues, s.rows, s.T, s.S, s.P - 1);
}
