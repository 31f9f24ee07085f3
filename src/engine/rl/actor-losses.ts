import type { Backend } from '../model/backend';
import type { Gpt } from '../model/gpt';
import type { GrpoLossType } from '../model/rl-options';
import { isGrpoFamily } from './algo-config';
import { ALGO_STATS_WIDTH } from './algo-stats';
import type { PpoBuffers } from './ppo-buffers';
import type { PpoConfig } from './ppo-config';
import { recordPolicyLoss } from './ppo-losses';

/**
 * The advantage estimator of each algorithm, run at the start of the learning phase (docs/algorithms.md):
 *   ppo          — GAE on the critic's values, whitened (conventions §3);
 *   reinforce_pp — REINFORCE++ (Hu 2025): returns with γ = 1 and no critic (GAE with V ≡ 0, λ = 1 is
 *                  exactly the reversed cumulative sum of the per-token rewards), whitened over the batch;
 *   GRPO family, RLOO — nothing to do: the group advantages were computed in the feedback phase;
 *   dpo          — none (no advantages: the loss is on preference pairs).
 */
export function recordAdvantages<F, I>(be: Backend<F, I>, buf: PpoBuffers<F, I>, c: PpoConfig): void {
  const { B, T } = buf;
  if (c.algo === 'ppo') {
    be.gae(buf.advantages, buf.returns, buf.rewards, buf.values, buf.mask, B, T, c.gamma, c.lambda);
    if (c.whitenAdvantages) be.whitenMasked(buf.advantagesWhite, buf.advantages, buf.mask, B * T, true);
    else be.copy(buf.advantages, buf.advantagesWhite);
  } else if (c.algo === 'reinforce_pp') {
    be.gae(buf.advantages, buf.returns, buf.rewards, buf.values, buf.mask, B, T, 1, 1); // values were zeroed in feedback
    be.whitenMasked(buf.advantagesWhite, buf.advantages, buf.mask, B * T, true);
  }
}

/**
 * Records the actor's forward pass on one minibatch (rows gathered into buf.mbSeq … buf.mbMask),
 * the algorithm's loss on its new log-probs, and leaves ∂loss/∂logits in actor.outputGrad(),
 * ready for actor.backward(buf.mbSeq). The loss op's stats go to buf.policyStats (PPO's op) or to
 * row u of buf.algoTable.
 *   ppo, reinforce_pp — PPO's clipped surrogate on per-token advantages (ppo-losses.ts, symmetric ε);
 *   GRPO family       — TRL's GRPO loss: per-answer advantage, ε_low/ε_high, β·k3 to the reference,
 *                       aggregated by loss_type (numItemsInBatch: the rollout's Σ mask, for 'dapo');
 *   rloo              — TRL's RLOO loss: the same clipped objective on the answer's summed log-prob
 *                       ratio (a sequence-level ratio), mean over answers; back through the sums.
 */
export function recordActorLoss<F, I>(actor: Gpt<F, I>, buf: PpoBuffers<F, I>, c: PpoConfig, P: number, u: number, numItemsInBatch: number): void {
  const be = actor.backend, V = actor.config.vocabSize;
  const { mb, T, S } = buf;
  const algo = c.algo;
  if (algo === 'ppo' || algo === 'reinforce_pp') {
    recordPolicyLoss(actor, {
      seq: buf.mbSeq, oldLogprobs: buf.mbOld, advantages: buf.mbAdv, mask: buf.mbMask,
      logprobs: buf.mbNew, entropy: buf.mbEntropy, dlogprobs: buf.mbDlogprob, zeros: buf.mbZeros, stats: buf.policyStats,
    }, { rows: mb, T, S, P }, c.temperature, c.clipEps);
    return;
  }
  actor.forward(buf.mbSeq, mb, S);
  be.logprobsForward(buf.mbNew, buf.mbEntropy, actor.output(), buf.mbSeq, mb, T, S, P, V, c.temperature);
  const row = be.view(buf.algoTable, u * ALGO_STATS_WIDTH, ALGO_STATS_WIDTH);
  const eps = { epsilonLow: c.clipEps, epsilonHigh: c.epsilon_high, maxCompletionLength: T, numItemsInBatch };
  be.gatherRows(buf.mbSeqAdv, buf.seqAdvantages, buf.idx, mb, 1);
  if (isGrpoFamily(algo)) {
    be.gatherRows(buf.mbRef, buf.refLogprobs, buf.idx, mb, T);
    be.grpoLoss(buf.mbDlogprob, buf.algoStats, buf.mbNew, buf.mbOld, buf.mbRef, buf.mbSeqAdv, buf.mbMask, mb, T, { ...eps, beta: c.klCoef, lossType: c.loss_type as GrpoLossType });
  } else if (algo === 'rloo') {
    be.gatherRows(buf.mbSeqOld, buf.seqOld, buf.idx, mb, 1);
    be.seqLogprobForward(buf.mbSeqNew, buf.mbNew, buf.mbMask, mb, T);
    // One "token" per answer: its summed log-prob; β = 0 (RLOO's KL is in the reward); 'bnpo' = mean over answers.
    be.grpoLoss(buf.mbDseq, buf.algoStats, buf.mbSeqNew, buf.mbSeqOld, buf.mbSeqOld, buf.mbSeqAdv, buf.mbOnes, mb, 1, { ...eps, beta: 0, lossType: 'bnpo', maxCompletionLength: 1 });
    be.fill(buf.mbDlogprob, 0);
    be.seqLogprobBackward(buf.mbDlogprob, buf.mbDseq, buf.mbMask, mb, T);
  } else {
    throw new Error(`recordActorLoss: ${algo} does not train on rollouts`);
  }
  be.copy(buf.algoStats, row);
  be.fill(actor.outputGrad(), 0);
  be.logprobsBackward(actor.outputGrad(), buf.mbDlogprob, buf.mbZeros, actor.output(), buf.mbSeq, mb, T, S, P, V, c.temperature);
}
