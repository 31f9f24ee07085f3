import { lastMean, series } from './measures';
import type { Lesson } from './types';

/**
 * DPO from the class's labels (issue #14; docs/algorithms.md): the class labels pairs of SFT answers
 * in the labeller, and DPO learns from exactly those pairs — no reward model in between. With a
 * dozen pairs DPO learns the pairs, not the taste behind them: its implicit reward orders the class's
 * pairs right almost at once, while on held-out pairs from the scenario's labeller it stays near a coin
 * flip. Proven on the page's own session with an honest class (the higher gold score wins):
 * src/lessons/proofs/dpo-labels.proof.test.ts. Measured on seeds 1–3 after 8 iterations (mean of the
 * last 3; retrained checkpoints of the float32 WebAssembly engine): accuracy on the class's 12 pairs
 * 1.00, 1.00, 1.00; on 128 held-out labeller pairs 0.50, 0.55, 0.53 — the claims (≥ FIT, a gap ≥ GAP)
 * hold with wide margins.
 */
export const CLASS_PAIRS = 12;
export const DPO_ITERATIONS = 8;
export const FIT = 0.9;
export const GAP = 0.2;

const dpoClassLabels: Lesson = {
  id: 'dpo-class-labels',
  order: 85,
  settings: { scenario: 'reviews', preset: 'tiny', seed: 1, config: { algo: 'dpo', dpo_pairs: 'class' } },
  steps: [
    { id: 'label', panel: 'labeler', action: { kind: 'label', pairs: CLASS_PAIRS } },
    { id: 'pairs', panel: 'dpo' },
    { id: 'run', panel: 'charts', action: { kind: 'run', iterations: DPO_ITERATIONS } },
    { id: 'read', panel: 'dpo' },
  ],
  questions: 3,
  checks: [
    {
      id: 'fitsLabels',
      percent: ['accuracy', 'fit'],
      evaluate: ({ history }) => {
        if (history.length < DPO_ITERATIONS) return null;
        const accuracy = lastMean(series(history.slice(0, DPO_ITERATIONS), 'rewards/accuracies'));
        return { holds: accuracy >= FIT, values: { accuracy, fit: FIT, pairs: CLASS_PAIRS } };
      },
    },
    {
      id: 'heldOutLags',
      percent: ['train', 'heldOut', 'gap'],
      evaluate: ({ history }) => {
        if (history.length < DPO_ITERATIONS) return null;
        const rows = history.slice(0, DPO_ITERATIONS);
        const train = lastMean(series(rows, 'rewards/accuracies')), heldOut = lastMean(series(rows, 'eval_rewards/accuracies'));
        return { holds: train - heldOut >= GAP, values: { train, heldOut, gap: GAP } };
      },
    },
  ],
};

export default dpoClassLabels;
