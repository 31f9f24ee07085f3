import { HACKING_LR } from './kl-penalty.lesson';
import { argmax, lastMean, series, smoothed } from './measures';
import type { Lesson, StatsRow } from './types';

/**
 * Reward hacking: no KL penalty and a bold actor learning rate, on a reward model that learned its
 * labeler's love of the word "really". Measured on seeds 1–3 of the shipped tiny checkpoints
 * (float32; 3-iteration means, 25 iterations): the gold score peaks at 5.0–6.6 in iteration 7–9
 * and falls by 3.5–6.6 (seed 2, the lesson's: 6.6 at iteration 7 → 0.0) while the reward-model
 * score has climbed to its ceiling (≈ 4.5) and stays within 0.03 of it. Seed 2 tells the story
 * most plainly. Before the float32 retraining, at the default learning rate the fall took ≈ 45
 * iterations on one seed and did not come within 40 on another, hence the learning rate. The β = 0
 * run of the KL-penalty lesson is this run's start.
 * Since the log-probs and the draw run in WebAssembly (float32, issue #15) the trajectories differ
 * from iteration 6 on (the runs are chaotic, not wrong): seed 2 now peaks at 7.20 and falls to 2.66
 * (a fall of 4.5 ≥ 3); over seeds 1–5 the fall of ≥ 3 holds on 4 of 5 (seed 3: 4.80 → 3.79 does
 * not; on the TypeScript log-probs it was seed 5). The lesson shows seed 2; the claim is tested there.
 */
export const HACKING_ITERATIONS = 25;
/** The fall of the gold score from its peak that the lesson claims (gold points, 3-iteration means). */
export const GOLD_FALL = 3;
/** "Stays at its top": the reward-model score ends within this of its highest 3-iteration mean (≈ 2% of its 0 → 4.6 climb). */
export const RM_AT_TOP = 0.1;

/** Where the (smoothed) gold score peaks: after it the two scores part. */
function parting(history: readonly StatsRow[]): number {
  return argmax(smoothed(series(history, 'objective/gold_score')));
}

const rewardHacking: Lesson = {
  id: 'reward-hacking',
  order: 30,
  settings: { scenario: 'reward-hacking', preset: 'tiny', seed: 2, config: { klCoef: 0, actorLr: HACKING_LR } },
  steps: [
    { id: 'scenario', panel: 'story' },
    { id: 'run', panel: 'charts', action: { kind: 'run', iterations: HACKING_ITERATIONS } },
    { id: 'answers', panel: 'feedback' },
  ],
  questions: 3,
  checks: [
    {
      id: 'goldFalls',
      evaluate: ({ history }) => {
        if (history.length < HACKING_ITERATIONS) return null;
        const h = history.slice(0, HACKING_ITERATIONS);
        const gold = smoothed(series(h, 'objective/gold_score')), rm = smoothed(series(h, 'objective/scores'));
        const peakAt = parting(h);
        const goldEnd = lastMean(series(h, 'objective/gold_score')), rmEnd = lastMean(series(h, 'objective/scores'));
        const rmMax = Math.max(...rm);
        return {
          holds: gold[peakAt] - goldEnd >= GOLD_FALL && rmEnd >= rmMax - RM_AT_TOP,
          values: { peakAt: peakAt + 1, goldPeak: gold[peakAt], goldEnd, rmMax, rmEnd, fall: GOLD_FALL },
        };
      },
    },
  ],
  marks: (history) => (history.length >= 5 ? [{ chart: 'scores', x: parting(history) + 1, id: 'parting' }] : []),
};

export default rewardHacking;
