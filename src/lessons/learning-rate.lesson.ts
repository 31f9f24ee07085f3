import { argmin, series } from './measures';
import type { Lesson } from './types';

/**
 * Too high a learning rate: the default actor learning rate (3e-4) for 3 iterations, then 0.1.
 * Measured on seeds 1–7 of the shipped tiny checkpoints (float32): after the first update at 0.1
 * the KL jumps to 84–104 nats per answer (default: 0.05–0.38) and no answer ends with EOS (default:
 * ≥ 98%); within 6 iterations the per-token entropy falls to ≤ 0.06 nats, ≤ 3.4% of the default
 * run's 1.5–1.7 (≤ 0.002 on six of the seeds): the actor writes one answer, always to the length limit. At 0.01 (this lesson's earlier setting) the lurch
 * is as robust but the entropy is not: it fell below half of its start within 12 iterations on 1
 * seed of 5, and rose on another (src/lessons/proofs/, docs/lessons.md). No learning rate up to 1,
 * even without gradient clipping, nor a critic learning rate of 1, made the run diverge (Adam bounds
 * each step), so the lesson claims the collapse, not the divergence message.
 */
export const HIGH_LR = 0.1;
export const COLLAPSE_ITERATIONS = 6;
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
      // Measured against the default run's entropy (its last iteration), not against this run's
      // first: the first iteration's entropy is measured during its update, at the high rate already.
      id: 'entropyCollapse',
      percent: ['share'],
      evaluate: ({ history, compare }) => {
        if (!compare || compare.length < DEFAULT_RUN || history.length < COLLAPSE_ITERATIONS) return null;
        const ent = series(history.slice(0, COLLAPSE_ITERATIONS), 'policy/entropy_avg');
        const at = argmin(ent), low = ent[at], calm = compare[DEFAULT_RUN - 1]['policy/entropy_avg'];
        return { holds: low <= 0.1 * calm, values: { calm, calmAt: DEFAULT_RUN, low, at: at + 1, share: low / calm, iterations: COLLAPSE_ITERATIONS } };
      },
    },
  ],
};

export default learningRate;
