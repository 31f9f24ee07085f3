import { lastMean, series } from './measures';
import type { Lesson } from './types';

/**
 * Too high a learning rate: the default actor learning rate (3e-4) for 3 iterations, then 0.01.
 * Measured on seeds 1–3 of the shipped tiny checkpoints at 0.01: after the first update the KL
 * jumps to 26–59 nats per answer (default: ≈ 0.2) and almost no answer ends with EOS (3–8%);
 * over 12 iterations the per-token entropy collapses to 31–40% of its first value (at 10 iterations
 * seed 2 was still at 60%, hence 12). No learning rate up to 1, even without gradient clipping,
 * made the CPU engine produce NaN (Adam bounds each step), so the lesson claims the collapse, not
 * the divergence message.
 */
export const HIGH_LR = 0.01;
export const COLLAPSE_ITERATIONS = 12;
const DEFAULT_RUN = 3;

const learningRate: Lesson = {
  id: 'learning-rate',
  order: 50,
  settings: { scenario: 'reviews', preset: 'tiny', seed: 1 },
  steps: [
    { id: 'calm', panel: 'charts', action: { kind: 'run', iterations: DEFAULT_RUN } },
    { id: 'compare', panel: 'charts', action: { kind: 'compare', config: { actorLr: HIGH_LR } } },
    { id: 'first', panel: 'sampling', action: { kind: 'run', iterations: 2 } },
    { id: 'collapse', panel: 'charts', action: { kind: 'run', iterations: COLLAPSE_ITERATIONS } },
    { id: 'answers', panel: 'sampling' },
  ],
  questions: 3,
  checks: [
    {
      id: 'firstUpdate',
      percent: ['eosHigh', 'eosCalm'],
      evaluate: ({ history, compare }) => {
        if (!compare || history.length < 2 || compare.length < 2) return null;
        const high = history[1], calm = compare[1];
        return {
          holds: high['objective/kl'] >= 20 && calm['objective/kl'] <= 2 && high['response/eos_rate'] < 0.25 && calm['response/eos_rate'] > 0.9,
          values: { klHigh: high['objective/kl'], klCalm: calm['objective/kl'], eosHigh: high['response/eos_rate'], eosCalm: calm['response/eos_rate'] },
        };
      },
    },
    {
      id: 'entropyCollapse',
      percent: ['share'],
      evaluate: ({ history }) => {
        if (history.length < COLLAPSE_ITERATIONS) return null;
        const ent = series(history.slice(0, COLLAPSE_ITERATIONS), 'policy/entropy_avg');
        const start = ent[0], end = lastMean(ent, 3);
        return { holds: end <= 0.5 * start, values: { start, end, share: end / start, iterations: COLLAPSE_ITERATIONS } };
      },
    },
  ],
};

export default learningRate;
