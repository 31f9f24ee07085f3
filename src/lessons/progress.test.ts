import { describe, expect, it } from 'vitest';
import { actionDone, type RunPosition } from './progress';

const at = (iteration: number, phase: RunPosition['phase'], extra: Partial<RunPosition> = {}): RunPosition => ({ iteration, phase, labelled: 0, retrains: 0, kept: false, ...extra });

describe('lesson step progress', () => {
  it('a phase step is done once that phase has run since the step began', () => {
    const sample = { kind: 'phase', phase: 'sample' } as const, learn = { kind: 'phase', phase: 'learn' } as const;
    expect(actionDone(sample, at(0, 'none'), at(0, 'none'))).toBe(false);
    expect(actionDone(sample, at(0, 'none'), at(0, 'sampled'))).toBe(true);
    expect(actionDone(sample, at(0, 'sampled'), at(0, 'fed'))).toBe(false); // sampled before the step began
    expect(actionDone(sample, at(0, 'sampled'), at(1, 'sampled'))).toBe(true); // the next iteration's sampling
    expect(actionDone(learn, at(0, 'fed'), at(0, 'fed'))).toBe(false);
    expect(actionDone(learn, at(0, 'fed'), at(1, 'learned'))).toBe(true);
    // "Step one iteration" in the top bar runs all three phases at once.
    expect(actionDone({ kind: 'phase', phase: 'feedback' }, at(0, 'none'), at(1, 'learned'))).toBe(true);
  });

  it('run, compare, label and retrain steps follow the run, the kept curves, the labels and the retrainings', () => {
    expect(actionDone({ kind: 'run', iterations: 5 }, at(0, 'none'), at(4, 'learned'))).toBe(false);
    expect(actionDone({ kind: 'run', iterations: 5 }, at(0, 'none'), at(5, 'learned'))).toBe(true);
    expect(actionDone({ kind: 'compare', config: { klCoef: 0 } }, at(5, 'learned'), at(0, 'none', { kept: true }))).toBe(true);
    expect(actionDone({ kind: 'compare', config: { klCoef: 0 } }, at(5, 'learned'), at(5, 'learned'))).toBe(false);
    expect(actionDone({ kind: 'label', pairs: 6 }, at(0, 'none'), at(0, 'none', { labelled: 5 }))).toBe(false);
    expect(actionDone({ kind: 'label', pairs: 6 }, at(0, 'none'), at(0, 'none', { labelled: 6 }))).toBe(true);
    expect(actionDone({ kind: 'retrain', steps: 40 }, at(0, 'none', { retrains: 1 }), at(0, 'none', { retrains: 1 }))).toBe(false);
    expect(actionDone({ kind: 'retrain', steps: 40 }, at(0, 'none', { retrains: 1 }), at(0, 'none', { retrains: 2 }))).toBe(true);
  });
});
