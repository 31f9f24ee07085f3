import type { Lesson } from './types';

/**
 * First look: one PPO iteration phase by phase with the narration, then a second iteration. The
 * claim: on the first rollout the actor is still the reference, so the KL penalty is exactly 0;
 * after one update it is not (conventions §3, sanity invariants). Seeds 1–3 (float32 checkpoints): 0 then 0.05–0.38.
 */
const firstLook: Lesson = {
  id: 'first-look',
  order: 10,
  settings: { scenario: 'reviews', preset: 'tiny', seed: 1 },
  steps: [
    { id: 'story', panel: 'story' },
    { id: 'sample', panel: 'sampling', action: { kind: 'phase', phase: 'sample' } },
    { id: 'token', panel: 'sampling' },
    { id: 'feedback', panel: 'feedback', action: { kind: 'phase', phase: 'feedback' } },
    { id: 'learn', panel: 'learning', action: { kind: 'phase', phase: 'learn' } },
    { id: 'again', panel: 'charts', action: { kind: 'run', iterations: 2 } },
  ],
  questions: 3,
  checks: [
    {
      id: 'klZeroThenPositive',
      evaluate: ({ history }) => {
        if (history.length < 2) return null;
        const first = history[0]['objective/kl'], second = history[1]['objective/kl'];
        return { holds: Math.abs(first) < 1e-6 && second > 0, values: { first, second } };
      },
    },
  ],
};

export default firstLook;
