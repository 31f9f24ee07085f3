import { create } from 'zustand';
import type { CompareReply } from '../worker/protocol';
import { engine } from './client';
import { useRunStore } from './run-store';
import { asEngineError } from './worker-client';

/** The projector's before / after answers: the reply for one state of the run (key), or why there is none. */
export interface CompareState {
  key: string | null;
  reply: CompareReply | null;
  error: string | null;
}

export const useCompareStore = create<CompareState>(() => ({ key: null, reply: null, error: null }));

/** What the answers depend on: the models in use (session), the seed, the iteration. */
export function compareKey(): string | null {
  const s = useRunStore.getState();
  if (s.status !== 'ready' || !s.session) return null;
  return `${s.scenario}/${s.preset}/${s.session.source}/${s.config.seed}/${s.config.temperature}/${s.config.maxResponseLength}/${s.iteration}/${s.curves.heldOutAccuracy}`;
}

/**
 * Asks the engine for n before / after answers unless the ones shown are already for this state of
 * the run. It does not make the run busy: the worker answers it between phases.
 */
export async function compareRequested(n = 3): Promise<void> {
  const key = compareKey();
  if (!key || useCompareStore.getState().key === key) return;
  useCompareStore.setState({ key, error: null });
  try {
    const reply = await engine().call('compareAnswers', { n });
    if (useCompareStore.getState().key === key) useCompareStore.setState({ reply });
  } catch (e) {
    if (useCompareStore.getState().key === key) useCompareStore.setState({ error: asEngineError(e).message, key: null });
  }
}
