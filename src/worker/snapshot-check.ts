import { CheckpointError } from '../engine/model/checkpoint';
import type { RunSnapshot } from './protocol';

/**
 * A saved run is resumed only if every number in it is finite: a run saved with NaN weights would
 * otherwise come back as a "diverged" error at its first phase instead of starting afresh.
 */
export function checkSnapshot(r: RunSnapshot): void {
  const parts: [string, Float32Array | null][] = [
    ['actor weights', r.actor.params], ['actor Adam moments', r.actor.m], ['actor Adam moments', r.actor.v],
    ['critic weights', r.critic.params], ['critic Adam moments', r.critic.m], ['critic Adam moments', r.critic.v],
    ['reference weights', r.sft], ['reward-model weights', r.reward],
  ];
  for (const [name, xs] of parts) {
    if (xs && !xs.every(Number.isFinite)) throw new CheckpointError(`the saved run's ${name} are not all finite numbers`);
  }
  if (!Number.isFinite(r.klCoef) || !Number.isInteger(r.iteration) || r.iteration < 0) throw new CheckpointError(`the saved run's iteration (${r.iteration}) or β (${r.klCoef}) is not valid`);
}
