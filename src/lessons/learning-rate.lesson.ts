import { argmin, series } from './measures';
import type { Lesson } from './types';

/**
 * Too high a learning rate: the default actor learning rate (3e-4) for 3 iterations, then 0.01.
 * Measured on seeds 1–3 of the shipped tiny checkpoints at 0.01: after the first update the KL
 * jumps to 34–66 nats per answer (default: 0.09–0.17) and only 14–20% of the answers end with EOS
 * (default: ≥ 98%); within 12 iterations the per-token entropy falls to 20–42% of its first value
 * at its lowest (its last-3 mean was not reliable: seed 3 collapses only in its last iterations).
 * No learning rate up to 1, even without gradient clipping, nor a critic learning rate of 1, made
 * the run diverge (Adam bounds each step), so the lesson claims the collapse, not the divergence
 * message.
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
        const at = argmin(ent), start = ent[0], low = ent[at];
        return { holds: low <= 0.5 * start, values: { start, low, at: at + 1, share: low / start, iterations: COLLAPSE_ITERATIONS } };
      },
    },
  ],
};

export default learningRate;
