import type { Scenario } from '../engine/data/scenario';
import { sampleAnswers } from '../engine/pipeline/stages';
import type { PpoTrainer } from '../engine/rl/ppo';
import { responseMask } from '../engine/rl/sequences';
import { Rng } from '../engine/tensor/rng';
import { STREAM } from '../engine/tensor/streams';
import type { ProbeAnswers } from './protocol';

/**
 * The run library's "same prompts" comparison (docs/runs.md). Runs with different seeds draw
 * different prompts, so their rollouts cannot be set side by side; instead every run answers the
 * same PROBE_PROMPTS fixed prompts of its scenario (independent of the run's seed) with the same
 * random numbers at the same iteration count (common random numbers): differences between two
 * runs' answers then come from their policies alone. The draws use their own Philox streams, so
 * answering never changes the run itself (replays stay exact).
 */
export const PROBE_PROMPTS = 8;
/** Fixed: the probe prompts and draws must not depend on the run's seed. */
const PROBE_SEED = 0x9e3779b9;

export async function answerProbes<F, I>(trainer: PpoTrainer<F, I>, scenario: Scenario): Promise<ProbeAnswers> {
  const { actor, reward } = trainer.models;
  const be = actor.backend;
  // The scenario's longest answer, whatever the run's T: every run of a scenario answers in the same shape.
  const K = PROBE_PROMPTS, P = scenario.promptLength, T = scenario.maxResponseLength, S = P + T;
  const prompts = scenario.prompts(new Rng(PROBE_SEED, STREAM.probePrompts), K);
  const tokens = await sampleAnswers(actor, prompts, T, PROBE_SEED, { stream: STREAM.probeSampling, index: trainer.iteration }, trainer.config.temperature);
  const gold = Float32Array.from({ length: K }, (_, b) => scenario.gold(prompts[b], tokens.subarray(b * S + P, (b + 1) * S)));
  let scores: Float32Array = gold;
  if (reward) {
    const { lastT } = responseMask(tokens, K, S, P);
    const seq = be.ints(K * S, 'probe.seq'), last = be.ints(K, 'probe.last'), out = be.floats(K, 'probe.scores');
    be.uploadInts(seq, tokens);
    be.uploadInts(last, Int32Array.from(lastT, (t) => P + t));
    reward.forward(seq, K, S);
    be.gatherAt(out, reward.output(), last, K, S);
    scores = await be.read(out);
    for (const x of [seq, last, out]) be.release(x);
  }
  return { after: trainer.iteration, K, S, P, tokens, scores, gold };
}
