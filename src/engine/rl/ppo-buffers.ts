import type { Backend } from '../model/backend';
import { PPO_STATS } from '../gpu/kernels/ppo-loss';
import { VALUE_STATS } from '../gpu/kernels/value-loss';
import { MB_STATS_WIDTH } from './minibatch-stats';

/**
 * Device tensors of one PPO iteration for a rollout of B answers of T tokens (S = P + T) and
 * minibatches of mb rows. Allocated once per shape and reused across iterations.
 */
export class PpoBuffers<F, I> {
  // rollout (B, S) and masks
  readonly seq: I;
  readonly mask: F; // (B, T)
  readonly hasEos: I; // (B)
  readonly lastIndex: I; // (B) absolute position of the last real token
  // feedback (B, T) unless noted
  readonly logprobs: F;
  readonly entropy: F;
  readonly refLogprobs: F;
  readonly refEntropy: F;
  readonly values: F;
  readonly scores: F; // (B)
  readonly kl: F;
  readonly rewards: F;
  // learning
  readonly advantages: F;
  readonly returns: F;
  readonly advantagesWhite: F;
  // minibatch (mb, S) / (mb, T)
  readonly idx: I;
  readonly mbSeq: I;
  readonly mbOld: F;
  readonly mbAdv: F;
  readonly mbMask: F;
  readonly mbReturns: F;
  readonly mbOldValues: F;
  readonly mbNew: F;
  readonly mbEntropy: F;
  readonly mbZeros: F;
  readonly mbDlogprob: F;
  readonly mbValues: F;
  readonly mbDvalues: F;
  readonly policyStats: F; // (PPO_STATS.length)
  readonly valueStats: F; // (VALUE_STATS.length)
  /** (K·M, MB_STATS_WIDTH): the diagnostics of every minibatch update (columns: minibatch-stats.ts). */
  readonly mbStats: F;
  /** (K·M, mb·T): the new log-probs of every minibatch (ratios for the view and val/ratio). */
  readonly newLogprobs: F;
  /** (K·M, mb·T): the entropy of every minibatch (policy/entropy_avg). */
  readonly newEntropy: F;
  private readonly all: (F | I)[] = [];

  constructor(
    private readonly be: Backend<F, I>,
    readonly B: number,
    readonly T: number,
    readonly S: number,
    readonly mb: number,
    readonly updates: number,
  ) {
    const f = (n: number, label: string) => this.keep(be.floats(n, `ppo.${label}`));
    const i = (n: number, label: string) => this.keep(be.ints(n, `ppo.${label}`));
    const BT = B * T, mT = mb * T;
    this.seq = i(B * S, 'seq');
    this.mask = f(BT, 'mask');
    this.hasEos = i(B, 'hasEos');
    this.lastIndex = i(B, 'lastIndex');
    this.logprobs = f(BT, 'logprobs');
    this.entropy = f(BT, 'entropy');
    this.refLogprobs = f(BT, 'refLogprobs');
    this.refEntropy = f(BT, 'refEntropy');
    this.values = f(BT, 'values');
    this.scores = f(B, 'scores');
    this.kl = f(BT, 'kl');
    this.rewards = f(BT, 'rewards');
    this.advantages = f(BT, 'advantages');
    this.returns = f(BT, 'returns');
    this.advantagesWhite = f(BT, 'advantagesWhite');
    this.idx = i(mb, 'idx');
    this.mbSeq = i(mb * S, 'mbSeq');
    this.mbOld = f(mT, 'mbOld');
    this.mbAdv = f(mT, 'mbAdv');
    this.mbMask = f(mT, 'mbMask');
    this.mbReturns = f(mT, 'mbReturns');
    this.mbOldValues = f(mT, 'mbOldValues');
    this.mbNew = f(mT, 'mbNew');
    this.mbEntropy = f(mT, 'mbEntropy');
    this.mbZeros = f(mT, 'mbZeros');
    this.mbDlogprob = f(mT, 'mbDlogprob');
    this.mbValues = f(mT, 'mbValues');
    this.mbDvalues = f(mT, 'mbDvalues');
    this.policyStats = f(PPO_STATS.length, 'policyStats');
    this.valueStats = f(VALUE_STATS.length, 'valueStats');
    this.mbStats = f(updates * MB_STATS_WIDTH, 'mbStats');
    this.newLogprobs = f(updates * mT, 'newLogprobs');
    this.newEntropy = f(updates * mT, 'newEntropy');
  }

  private keep<T extends F | I>(t: T): T {
    this.all.push(t);
    return t;
  }

  release(): void {
    for (const t of this.all) this.be.release(t);
  }
}
