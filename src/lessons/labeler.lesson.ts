import type { Lesson } from './types';

/**
 * You are the labeler: the class labels six pairs of SFT answers, the reward model retrains on
 * them, and its held-out accuracy is compared with the shipped reward model's. Six pairs are learned
 * by heart (training accuracy → 100%) while agreement with the labeler on fresh pairs drops towards
 * chance: overfitting. Proven on the page's own session with a class that labels by the gold score
 * (labeler.proof.test.ts).
 */
export const LABEL_PAIRS = 6;
export const RETRAIN_STEPS = 40;

const labeler: Lesson = {
  id: 'labeler',
  order: 70,
  settings: { scenario: 'reviews', preset: 'tiny', seed: 1 },
  steps: [
    { id: 'before', panel: 'stages' },
    { id: 'label', panel: 'labeler', action: { kind: 'label', pairs: LABEL_PAIRS } },
    { id: 'retrain', panel: 'labeler', action: { kind: 'retrain', steps: RETRAIN_STEPS } },
    { id: 'after', panel: 'stages' },
  ],
  questions: 3,
  checks: [
    {
      id: 'overfits',
      percent: ['before', 'after', 'trainAccuracy'],
      evaluate: ({ retrain }) => retrain
        ? { holds: retrain.trainAccuracy >= 0.9 && retrain.after <= retrain.before - 0.1, values: { ...retrain } }
        : null,
    },
  ],
};

export default labeler;
