/**
 * Every random stream of the project, by purpose: one registry, so that no two purposes ever share
 * numbers for one seed. A draw is Philox(counter, key = (seed, stream)):
 *   - `Rng(seed, stream, index)` counts (n, n_hi, index, 0) — a prompt batch, a shuffle;
 *   - the token sampler counts (position, row, index, 0) — a rollout (shaders/sample.wgsl).
 * Draws repeated per PPO iteration or per labelling round put that number in counter word 2 (the
 * `index`), never in the key, so they cannot run into another purpose's numbers at any iteration
 * (up to 2³² − 1). Each purpose has its own stream (key word), except the two fixed samplings made
 * before PPO, which share one stream at distinct indices exactly as when the shipped checkpoints
 * were made (changing any stream that pretraining uses would change public/models/).
 * streams.test.ts checks that no two uses can meet.
 */
export const STREAM = {
  /** Weight initialisation (Gpt.init; the reward model uses seed + 1). Pretraining. */
  init: 1,
  /** Sampling before PPO, at the fixed indices of SAMPLING_INDEX. Pretraining. */
  stageSampling: 2,
  /** SFT batches (prompt + demonstration). Pretraining. */
  sftBatches: 4,
  /** Tests' and benchmarks' own data; never used by a run. */
  test: 5,
  /** Reward-model training pairs (the labeler's, or the class's resampled). Pretraining. */
  rmPairs: 20,
  /** Held-out pairs for the reward model's accuracy. Pretraining. */
  rmHeldOut: 36,
  /** Prompts whose SFT answers centre the reward model's scores. Pretraining. */
  rewardNormalisationPrompts: 52,
  /** Prompts of the SFT policy's gold-score measure (the checkpoint manifest). Pretraining. */
  sftMeasurePrompts: 68,
  /** PPO: the prompts of iteration i (index i). */
  ppoPrompts: 7,
  /** PPO: the answers of iteration i (sampler index i). */
  ppoSampling: 8,
  /** PPO: the minibatch order of iteration i (index i). */
  ppoShuffle: 9,
  /** The class labeler: the prompts of round r (index r). */
  labelerPrompts: 10,
  /** The class labeler: the two answers per prompt of round r (sampler index r). */
  labelerSampling: 11,
  /** The run library's probe: the fixed prompts every run of a scenario answers (worker/probe.ts). */
  probePrompts: 12,
  /** The run library's probe: the answers after iteration i (sampler index i), the same numbers for every run. */
  probeSampling: 13,
  /** The projector's before / after: its fixed prompts, from the run's seed (index 0; worker/compare-answers.ts). */
  comparePrompts: 14,
  /** The projector's before / after: the reference's and the actor's answers, the same draws for both (sampler index 0). */
  compareSampling: 15,
  /** PPO-ptx: the SFT corpus minibatches of iteration i (index i), drawn in update order. */
  ptxBatches: 22,
  /** The held-out SFT examples whose cross-entropy is reported every iteration (fixed for a seed). */
  ptxHeldOut: 23,
  /** DPO: the preference pairs of iteration i (index i). */
  dpoPairs: 24,
  /** DPO: the held-out pairs of eval_rewards/accuracies (fixed for a seed). */
  dpoHeldOut: 25,
  /** Dynamic sampling (DAPO): the prompts of iteration i's extra generation rounds (index i). */
  resamplePrompts: 26,
  /** Dynamic sampling: the answers of round r ≥ 1 of iteration i (sampler index i·64 + r; ≤ 64 rounds). */
  resampleSampling: 27,
} as const;

/** The fixed sampler indices inside STREAM.stageSampling. */
export const SAMPLING_INDEX = {
  rewardNormalisation: 0xffff,
  sftMeasure: 0xfffe,
} as const;
