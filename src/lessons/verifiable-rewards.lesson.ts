import { firstMean, lastMean, series } from './measures';
import type { Lesson } from './types';

/**
 * Verifiable rewards: no reward model, the arithmetic checker (right 1, wrong 0, malformed −1) is
 * the reward, so nothing can be hacked but the format. The claim is the one the engine's learning
 * proof has always made for this scenario: accuracy rises by at least 0.2 within 20 iterations.
 * Measured on seeds 1–3 of the shipped tiny checkpoints (float32): 0.27–0.28 in the first 2
 * iterations, 0.59–0.68 in the last 3.
 */
const ITERATIONS = 20;

const verifiableRewards: Lesson = {
  id: 'verifiable-rewards',
  order: 60,
  settings: { scenario: 'arithmetic', preset: 'tiny', seed: 1 },
  steps: [
    { id: 'scenario', panel: 'story' },
    { id: 'one', panel: 'feedback', action: { kind: 'run', iterations: 1 } },
    { id: 'run', panel: 'charts', action: { kind: 'run', iterations: ITERATIONS } },
  ],
  questions: 3,
  checks: [
    {
      id: 'accuracyRises',
      percent: ['start', 'end'],
      evaluate: ({ history }) => {
        if (history.length < ITERATIONS) return null;
        const acc = series(history.slice(0, ITERATIONS), 'objective/accuracy');
        const start = firstMean(acc, 2), end = lastMean(acc, 3);
        return { holds: end >= start + 0.2, values: { start, end, iterations: ITERATIONS } };
      },
    },
  ],
};

export default verifiableRewards;
