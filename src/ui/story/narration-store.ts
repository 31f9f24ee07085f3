import { create } from 'zustand';
import { useRunStore } from '../../state/run-store';
import { useLabelerStore } from '../../state/stage-actions';

/** What the narration talks about: the last phase or training run that finished. */
export type NarrationEvent = 'sample' | 'feedback' | 'learn' | 'stages' | 'retrain';

interface NarrationState {
  event: NarrationEvent | null;
}

export const useNarrationStore = create<NarrationState>(() => ({ event: null }));

const set = useNarrationStore.setState;

// Follows the run: each phase's view arriving, a run opening or resetting (nothing to say yet), the
// stages trained in the tab, the class's reward model retrained.
useRunStore.subscribe((s, prev) => {
  if (s.session !== prev.session && s.session?.source === 'trained-here' && s.busy === null) set({ event: 'stages' });
  else if (s.learning && s.learning !== prev.learning) set({ event: 'learn' });
  else if (s.feedback && s.feedback !== prev.feedback) set({ event: 'feedback' });
  else if (s.rollout && s.rollout !== prev.rollout) set({ event: 'sample' });
  else if (!s.rollout && prev.rollout && useNarrationStore.getState().event !== 'stages') set({ event: null });
});

useLabelerStore.subscribe((s, prev) => {
  if (s.result && s.result !== prev.result) set({ event: 'retrain' });
});
