import { describe, expect, it } from 'vitest';
import { selectActivePhase, selectNextPhase, selectRunningPhase, selectShownBusy, selectShownPhase, useRunStore, type RunState } from './run-store';

const state = (o: Partial<RunState>): RunState => ({ ...useRunStore.getState(), ...o });

describe('what the page shows of the phase in progress (issue #13: no redraw per phase on "fast")', () => {
  it('stepping or running slower: the phase running now and the one done', () => {
    for (const speed of ['slow', 'normal', 'fast'] as const) {
      const s = state({ running: speed !== 'fast', speed, busy: 'feedback', phase: 'sampled' });
      expect(selectShownBusy(s)).toBe('feedback');
      expect(selectShownPhase(s)).toBe('sampled');
      expect(selectNextPhase(s)).toBe('feedback');
      expect(selectRunningPhase(s)).toBe('feedback');
      expect(selectActivePhase(s)).toBe('feedback');
    }
    expect(selectActivePhase(state({ running: false, busy: null, phase: 'fed' }))).toBe('feedback');
    expect(selectRunningPhase(state({ running: false, busy: 'retrain-reward', phase: 'none' }))).toBeNull();
  });

  it('running on "fast": every phase reads as an iteration boundary (nothing busy, learning done, sampling next)', () => {
    for (const [busy, phase] of [['sample', 'learned'], ['feedback', 'sampled'], ['learn', 'fed'], [null, 'learned']] as const) {
      const s = state({ running: true, speed: 'fast', busy, phase });
      expect(selectShownBusy(s)).toBeNull();
      expect(selectShownPhase(s)).toBe('learned');
      expect(selectNextPhase(s)).toBe('sample');
      expect(selectRunningPhase(s)).toBeNull();
      expect(selectActivePhase(s)).toBe('learn');
    }
  });
});
