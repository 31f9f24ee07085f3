/**
 * What one trainer iteration costs in arithmetic, from its shape (the counting rules are
 * model/cost.ts's; this lives in rl/ because it follows the trainer's phases and the algorithms'
 * data: src/engine/rl/ppo.ts, ptx.ts, dpo.ts). The page's cost estimate scales by it
 * (src/state/preset-cost.ts); cost.test.ts and cost-algos.test.ts check it against counted FLOPs.
 */
import { decodeFlops, forwardFlops } from '../model/cost';
import type { ModelConfig } from '../model/config';
import { usesCritic, type Algo } from './algo-config';
import { DPO_HELD_OUT_PAIRS } from './dpo';
import { HELD_OUT_EXAMPLES } from './ptx';

export interface IterationShape {
  /** Answers per iteration (B), prompt length (P), longest answer (T). */
  B: number;
  P: number;
  T: number;
  epochs: number;
  minibatches: number;
  /** The scenario scores with a reward model (a fourth forward pass in the feedback phase). */
  rewardModel: boolean;
  /** SFT examples per PTX batch: the held-out SFT cross-entropy is measured in batches of this size every iteration. */
  ptxBatchSize: number;
  /** PPO-ptx on (ptxCoef > 0): every actor update also runs forward + backward over one SFT batch. */
  ptx: boolean;
  /** The algorithm (docs/algorithms.md; PPO when absent): which models run and what the actor trains on. */
  algo?: Algo;
}

/**
 * FLOPs of one iteration (src/engine/rl/ppo.ts): sampling by KV-cache decoding; feedback =
 * forward passes of actor, reference, critic (PPO only) and reward model; learning = epochs ×
 * minibatches of actor (and PPO's critic) forward + backward (a backward is twice its forward), plus
 * the held-out SFT cross-entropy the learning phase measures every iteration (src/engine/rl/ptx.ts:
 * whole batches covering HELD_OUT_EXAMPLES) and, with PPO-ptx on, one SFT batch's forward + backward
 * per update. DPO (src/engine/rl/dpo.ts) still samples and scores B fresh answers (measured only);
 * its feedback adds the held-out and the iteration's pairs (chosen + rejected rows) under actor and
 * reference, and its updates train the actor on a minibatch's pairs, two rows each. DAPO's dynamic
 * sampling is counted as one generation round (further rounds depend on the rewards).
 */
export function ppoIterationFlops(c: ModelConfig, o: IterationShape): number {
  const algo = o.algo ?? 'ppo', critic = usesCritic(algo), dpo = algo === 'dpo';
  const S = o.P + o.T, mb = o.B / o.minibatches;
  const sample = decodeFlops(c, o.B, S, o.P);
  const scorers = (critic ? 1 : 0) + (o.rewardModel ? 1 : 0);
  const dpoPairs = dpo ? 2 * forwardFlops(c, 'lm', 2 * DPO_HELD_OUT_PAIRS, S) + 2 * forwardFlops(c, 'lm', 2 * o.B, S) : 0;
  const feedback = 2 * forwardFlops(c, 'lm', o.B, S) + forwardFlops(c, 'value', o.B, S) * scorers + dpoPairs;
  const updates = o.epochs * o.minibatches;
  const actorRows = dpo ? 2 * mb : mb;
  const learn = updates * 3 * (forwardFlops(c, 'lm', actorRows, S) + (critic ? forwardFlops(c, 'value', mb, S) : 0));
  const heldOutSft = forwardFlops(c, 'lm', Math.ceil(HELD_OUT_EXAMPLES / o.ptxBatchSize) * o.ptxBatchSize, S);
  const ptx = o.ptx ? updates * 3 * forwardFlops(c, 'lm', o.ptxBatchSize, S) : 0;
  return sample + feedback + learn + heldOutSft + ptx;
}
