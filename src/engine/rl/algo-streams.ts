/**
 * Philox streams (key word 2) of the algorithms beyond PPO, distinct from STREAM's (tensor/rng.ts)
 * and from each other, so that PTX data, DPO pairs and resampled groups never share numbers with
 * prompts, sampling or shuffling of the same seed. Per-iteration streams fold the iteration into the
 * upper 24 bits (iterStream), as the PPO trainer does for its prompts.
 */
export const ALGO_STREAM = {
  /** SFT corpus minibatches of the PTX term (per iteration). */
  ptx: 7,
  /** The held-out SFT examples whose cross-entropy is reported (fixed for a seed). */
  ptxHeldOut: 8,
  /** DPO's preference pairs of each iteration. */
  dpoPairs: 9,
  /** DPO's held-out pairs (fixed for a seed). */
  dpoHeldOut: 10,
  /** Prompts of dynamic sampling's extra generation rounds (per iteration). */
  resamplePrompts: 11,
  /** Sampling draws of extra generation round r: key word 2 = resampleDraws + r (round 0 uses STREAM.sample). */
  resampleDraws: 0xd0000000,
} as const;

/** A per-iteration stream: the iteration folded into the upper bits of a base stream. */
export const iterStream = (base: number, iteration: number): number => (base | (iteration << 8)) >>> 0;
