import { TrainingDivergedError } from './diverged';
import type { PpoConfig } from './ppo-config';
import { MB_STAT, MB_STATS_WIDTH } from './minibatch-stats';
import type { FeedbackView } from './ppo-stats';

/**
 * Stops a PPO run whose numbers have gone wrong — NaN or ±∞, or a critic predicting values no
 * return of this run can reach — before the charts fill with garbage, with a message naming the
 * part that went wrong and the settings most likely responsible (with their values now).
 */

/** Which model's numbers went wrong. */
export type Culprit = 'actor' | 'critic' | 'sampling' | 'reward';

/**
 * How far beyond the largest possible return the critic's values may stray before the run is
 * stopped: |V| ≤ T·max|r| for any policy when γ ≤ 1, so 1000× that bound is no longer a value.
 */
export const VALUE_BOUND_FACTOR = 1000;

function clipping(c: PpoConfig): string {
  return c.maxGradNorm > 0 ? `lower maxGradNorm (now ${c.maxGradNorm})` : 'turn gradient clipping on (maxGradNorm, now 0 = off)';
}

/** The likely cause of `culprit`'s failure in words a user can act on. */
export function likelyCause(culprit: Culprit, c: PpoConfig): string {
  switch (culprit) {
    case 'actor':
      return `the actor's updates are too large: lower actorLr (now ${c.actorLr}) or clipEps (now ${c.clipEps}), or ${clipping(c)}`;
    case 'critic':
      return `the critic's updates are too large: lower criticLr (now ${c.criticLr}) or valueClipEps (now ${c.valueClipEps}), or ${clipping(c)}`;
    case 'sampling':
      return `temperature ${c.temperature} is too low for these models' logits: raise it`;
    case 'reward':
      return 'the reward model gives scores that are not numbers: retrain it, or go back to the run’s own reward model if another one is loaded';
  }
}

export function divergedError(what: string, culprit: Culprit, c: PpoConfig): TrainingDivergedError {
  return new TrainingDivergedError(`${what}: training diverged — ${likelyCause(culprit, c)}. Reset the run to go on; the statistics so far are kept.`);
}

function firstBad(xs: ArrayLike<number>): number {
  for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i])) return i;
  return -1;
}

/** T·max|r| + 1: no return of this rollout can exceed it in size (γ ≤ 1). */
function returnBound(f: FeedbackView, T: number): number {
  let maxReward = 0;
  for (const r of f.rewards) maxReward = Math.max(maxReward, Math.abs(r));
  return T * maxReward + 1;
}

/** The feedback phase's numbers: finite, and values within VALUE_BOUND_FACTOR of any reachable return. */
export function checkFeedback(f: FeedbackView, T: number, c: PpoConfig): void {
  const parts: [string, ArrayLike<number>, Culprit][] = [
    ['a score', f.scores, 'reward'],
    // The reference is frozen: when its log-probabilities overflow too, the temperature is to blame.
    ['a log-probability under the reference', f.refLogprobs, 'sampling'],
    ['a log-probability under the actor', f.logprobs, 'actor'],
    ['a value', f.values, 'critic'],
  ];
  for (const [name, xs, culprit] of parts) {
    const i = firstBad(xs);
    if (i >= 0) throw divergedError(`${name} became ${xs[i]}`, culprit, c);
  }
  let maxValue = 0;
  for (const v of f.values) maxValue = Math.max(maxValue, Math.abs(v));
  const bound = returnBound(f, T);
  if (maxValue > VALUE_BOUND_FACTOR * bound) {
    throw divergedError(`the critic predicts a value of ${maxValue.toPrecision(3)} where no return of this rollout exceeds ${bound.toPrecision(3)}`, 'critic', c);
  }
}

/** What each column of the per-minibatch statistics is, and which model it belongs to. */
const COLUMNS: Record<number, [string, Culprit]> = {
  [MB_STAT.policyLoss]: ['the policy loss', 'actor'],
  [MB_STAT.clipfrac]: ['the clip fraction', 'actor'],
  [MB_STAT.approxkl]: ['the approximate KL', 'actor'],
  [MB_STAT.policyTokens]: ['the token count', 'actor'],
  [MB_STAT.valueLoss]: ['the value loss', 'critic'],
  [MB_STAT.valueClipfrac]: ['the value clip fraction', 'critic'],
  [MB_STAT.actorGradNormSq]: ['the actor’s gradient norm', 'actor'],
  [MB_STAT.criticGradNormSq]: ['the critic’s gradient norm', 'critic'],
};

/**
 * The learning phase's per-minibatch statistics (minibatch-stats.ts): finite, and a value loss that
 * values within VALUE_BOUND_FACTOR of the returns could produce (½·(2·bound)²).
 */
export function checkLearning(mbStats: Float32Array, f: FeedbackView, T: number, c: PpoConfig): void {
  const maxValueLoss = 2 * (VALUE_BOUND_FACTOR * returnBound(f, T)) ** 2;
  for (let i = 0; i < mbStats.length; i++) {
    const x = mbStats[i], u = Math.floor(i / MB_STATS_WIDTH);
    const [name, culprit] = COLUMNS[i % MB_STATS_WIDTH];
    const where = `in epoch ${Math.floor(u / c.minibatches) + 1}, minibatch ${(u % c.minibatches) + 1}`;
    if (!Number.isFinite(x)) throw divergedError(`${name} became ${x} ${where}`, culprit, c);
    if (i % MB_STATS_WIDTH === MB_STAT.valueLoss && x > maxValueLoss) throw divergedError(`the value loss reached ${x.toPrecision(3)} ${where}`, 'critic', c);
  }
}
