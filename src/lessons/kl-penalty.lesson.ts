import { lastMean, series } from './measures';
import type { Lesson } from './types';

/**
 * Why the KL penalty: the same run twice, with the default β and with β = 0, on the reward-hacking
 * scenario (a reward model with a flaw worth exploiting) at the actor learning rate and seed of the
 * reward-hacking lesson, so that the β = 0 run is that lesson's run (25 iterations, paid once).
 * Measured on seeds 1–5 of the shipped tiny checkpoints (float32), mean KL of the last three
 * iterations: after 25 iterations β = 0 ends with 2.5×, 3.0×, 3.2×, 4.8× and 2.6× the default run's
 * (seed 2, the lesson's: 12.7 against 4.2 nats). After 20 iterations seed 3 fell short (1.96×), hence
 * 25. The β = 0 KL does not grow steadily (seed 1: 18.7 at 20, 12.8 at 25): the claim is the gap.
 * Before the float32 retraining, at the default learning rate the gap was not reliable (1.0–2.3×). The bait word was not reliably more
 * frequent with β = 0 (seed 1: 1.0 against 1.07 per answer), so the lesson does not claim it.
 * With the log-probs and the draw in WebAssembly (float32, issue #15) the lesson's seed 2 gives 3.40×
 * (was 3.02×); over seeds 1–5 the ≥ 2× gap holds on 4 of 5 (seed 1: 1.90×): the lesson's seed is
 * where the claim is tested and shown, not a promise for every seed.
 */
export const KL_ITERATIONS = 25;
export const HACKING_LR = 1e-3;

const klPenalty: Lesson = {
  id: 'kl-penalty',
  order: 20,
  settings: { scenario: 'reward-hacking', preset: 'tiny', seed: 2, config: { actorLr: HACKING_LR } },
  steps: [
    { id: 'first', panel: 'charts', action: { kind: 'run', iterations: KL_ITERATIONS } },
    { id: 'compare', panel: 'charts', action: { kind: 'compare', config: { klCoef: 0 } } },
    { id: 'second', panel: 'charts', action: { kind: 'run', iterations: KL_ITERATIONS } },
    { id: 'answers', panel: 'sampling' },
  ],
  questions: 3,
  checks: [
    {
      id: 'klRatio',
      evaluate: ({ history, compare }) => {
        if (!compare || history.length < KL_ITERATIONS || compare.length < KL_ITERATIONS) return null;
        const free = lastMean(series(history.slice(0, KL_ITERATIONS), 'objective/kl'));
        const kept = lastMean(series(compare.slice(0, KL_ITERATIONS), 'objective/kl'));
        return { holds: free >= 2 * kept, values: { free, kept, ratio: free / kept, iterations: KL_ITERATIONS } };
      },
    },
  ],
};

export default klPenalty;
