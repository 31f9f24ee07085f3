import type { Backend } from '../model/backend';
import { isGrpoFamily, type Algo } from './algo-config';
import { ALGO_STATS_WIDTH } from './algo-stats';
import type { PpoBuffers } from './ppo-buffers';
import type { PpoConfig } from './ppo-config';

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
 * Records the actor loss of one minibatch (rows in buf.idx, new log-probs in buf.mbNew) and
 * writes ∂loss/∂logprob into buf.mbDlogprob; the loss op's stats go to row u of buf.algoTable (or
 * buf.policyStats for PPO's op, copied by the caller).
 *   ppo, reinforce_pp — PPO's clipped surrogate on per-token advantages (symmetric ε);
 *   GRPO family       — TRL's GRPO loss: per-answer advantage, ε_low/ε_high, β·k3 to the reference,
 *                       aggregated by loss_type;
 *   rloo              — TRL's RLOO loss: the same clipped objective on the answer's summed log-prob
 *                       ratio (a sequence-level ratio), mean over answers; back through the sums.
 */
export function recordActorLoss<F, I>(be: Backend<F, I>, buf: PpoBuffers<F, I>, c: PpoConfig, algo: Algo, u: number, numItemsInBatch: number): void {
  const { mb, T } = buf;
  const mT = mb * T;
  const row = be.view(buf.algoTable, u * ALGO_STATS_WIDTH, ALGO_STATS_WIDTH);
  const eps = { epsilonLow: c.clipEps, epsilonHigh: c.epsilon_high, maxCompletionLength: T, numItemsInBatch };
  if (algo === 'ppo' || algo === 'reinforce_pp') {
    be.ppoPolicyLoss(buf.mbDlogprob, buf.policyStats, buf.mbNew, buf.mbOld, buf.mbAdv, buf.mbMask, mT, c.clipEps);
  } else if (isGrpoFamily(algo)) {
    be.gatherRows(buf.mbSeqAdv, buf.seqAdvantages, buf.idx, mb, 1);
    be.gatherRows(buf.mbRef, buf.refLogprobs, buf.idx, mb, T);
    be.grpoLoss(buf.mbDlogprob, buf.algoStats, buf.mbNew, buf.mbOld, buf.mbRef, buf.mbSeqAdv, buf.mbMask, mb, T, { ...eps, beta: c.klCoef, lossType: c.loss_type as 'grpo' });
    be.copy(buf.algoStats, row);
  } else if (algo === 'rloo') {
    be.gatherRows(buf.mbSeqAdv, buf.seqAdvantages, buf.idx, mb, 1);
    be.gatherRows(buf.mbSeqOld, buf.seqOld, buf.idx, mb, 1);
    be.seqLogprobForward(buf.mbSeqNew, buf.mbNew, buf.mbMask, mb, T);
    // One "token" per answer: its summed log-prob; β = 0 (RLOO's KL is in the reward); 'bnpo' = mean over answers.
    be.grpoLoss(buf.mbDseq, buf.algoStats, buf.mbSeqNew, buf.mbSeqOld, buf.mbSeqOld, buf.mbSeqAdv, buf.mbOnes, mb, 1, { ...eps, beta: 0, lossType: 'bnpo', maxCompletionLength: 1 });
    be.fill(buf.mbDlogprob, 0);
    be.seqLogprobBackward(buf.mbDlogprob, buf.mbDseq, buf.mbMask, mb, T);
    be.copy(buf.algoStats, row);
  } else {
    throw new Error(`recordActorLoss: ${algo} does not train on rollouts`);
  }
}
