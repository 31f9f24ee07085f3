import { firstMean, lastMean, series } from './measures';
import type { Lesson } from './types';

/**
 * Keep the language (issue #17, PPO-ptx; docs/algorithms.md): the same PPO run twice on the reviews
 * scenario, without PTX and with γ_ptx = 1. The actor's cross-entropy on held-out SFT text climbs
 * less with PTX, the gold score rises more slowly but still rises. Measured on five seeds (shipped
 * micro checkpoints of the float32 WebAssembly engine, B = 32, 20 iterations; rise = mean of the
 * last 3 iterations − iteration 1): cross-entropy without PTX +0.155, +0.169, +0.217, +0.317, +0.224
 * nats; with PTX +0.018, −0.005, +0.011, +0.017, +0.004; the difference 0.137–0.300 (mean 0.207,
 * sd 0.062), so KEEP_MARGIN = 0.1 is below every seed's. Gold (mean of the first 2 → of the last 3)
 * without PTX 0.27 → 2.66, 0.21 → 3.16, 0.77 → 2.52, 0.65 → 4.04, 0.50 → 3.20; with PTX 0.17 → 2.19,
 * 0.20 → 1.92, 1.13 → 1.65, 0.90 → 2.27, 0.30 → 1.54: with PTX it rises on every seed, and by less
 * (by 0.37–2.02 less). At 12 iterations the cross-entropy difference was too small to claim.
 */
export const PTX_ITERATIONS = 20;
export const KEEP_MARGIN = 0.1;

/** Gold score at the start (mean of the first 2 iterations) and the end (mean of the last 3). */
const gold = (rows: readonly Record<string, number>[]) => {
  const g = series(rows.slice(0, PTX_ITERATIONS), 'objective/gold_score');
  return { start: firstMean(g, 2), end: lastMean(g) };
};

/** Held-out cross-entropy at the end (mean of the last 3 iterations) minus at the start (iteration 1). */
const rise = (rows: readonly Record<string, number>[]) => {
  const ce = series(rows.slice(0, PTX_ITERATIONS), 'language/heldout_ce');
  return { start: ce[0], end: lastMean(ce), rise: lastMean(ce) - ce[0] };
};

const keepLanguage: Lesson = {
  id: 'keep-language',
  order: 75,
  settings: { scenario: 'reviews', preset: 'micro', seed: 1, config: { batchSize: 32 } },
  steps: [
    { id: 'first', panel: 'charts', action: { kind: 'run', iterations: PTX_ITERATIONS } },
    { id: 'compare', panel: 'hyperparams', action: { kind: 'compare', config: { ptxCoef: 1 } } },
    { id: 'second', panel: 'charts', action: { kind: 'run', iterations: PTX_ITERATIONS } },
    { id: 'minibatches', panel: 'learning' },
  ],
  questions: 3,
  checks: [
    {
      id: 'ceRisesLess',
      evaluate: ({ history, compare }) => {
        if (!compare || history.length < PTX_ITERATIONS || compare.length < PTX_ITERATIONS) return null;
        const withPtx = rise(history), without = rise(compare);
        return {
          holds: without.rise - withPtx.rise >= KEEP_MARGIN,
          values: { withoutStart: without.start, withoutEnd: without.end, withStart: withPtx.start, withEnd: withPtx.end, margin: KEEP_MARGIN, iterations: PTX_ITERATIONS },
        };
      },
    },
    {
      id: 'goldStillRises',
      evaluate: ({ history }) => {
        if (history.length < PTX_ITERATIONS) return null;
        const { start, end } = gold(history);
        return { holds: end > start, values: { start, end } };
      },
    },
    {
      id: 'rewardSlower',
      evaluate: ({ history, compare }) => {
        if (!compare || history.length < PTX_ITERATIONS || compare.length < PTX_ITERATIONS) return null;
        const withPtx = gold(history), without = gold(compare);
        return {
          holds: withPtx.end - withPtx.start < without.end - without.start,
          values: { withoutStart: without.start, withoutEnd: without.end, withStart: withPtx.start, withEnd: withPtx.end },
        };
      },
    },
  ],
};

export default keepLanguage;
