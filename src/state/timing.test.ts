import { describe, expect, it } from 'vitest';
import { drawn, engineTotal, paused, phaseDone, phaseStarted, type TimingState } from './timing';

const empty: TimingState = { current: null, last: null, first: null };

/** Runs the events in order; each is [kind, …args]. */
function play(events: (['start', 'sample' | 'feedback' | 'learn', number, number, boolean] | ['done', 'sample' | 'feedback' | 'learn', number] | ['pause', number] | ['drawn', number, number])[]): TimingState {
  let s = empty;
  for (const e of events) {
    if (e[0] === 'start') s = phaseStarted(s, e[1], e[2], e[3], e[4]);
    else if (e[0] === 'done') s = phaseDone(s, e[1], e[2]);
    else if (e[0] === 'pause') s = paused(s, e[1]);
    else s = drawn(s, e[1], e[2]);
  }
  return s;
}

describe('timing per iteration (issue #11, defect 6)', () => {
  it('a run paused after sampling, finished later: the line is that iteration’s own phases, never another’s', () => {
    const s = play([
      ['start', 'sample', 1, 0, false], ['done', 'sample', 300], ['start', 'feedback', 1, 300, true], ['done', 'feedback', 200],
      ['start', 'learn', 1, 500, true], ['done', 'learn', 400], ['drawn', 1, 1000],
      // Iteration 2 is sampled, then the run is paused; much later feedback and learning are stepped.
      ['start', 'sample', 2, 1200, true], ['done', 'sample', 900],
      ['start', 'feedback', 2, 60_000, false], ['done', 'feedback', 250], ['start', 'learn', 2, 70_000, false], ['done', 'learn', 450], ['drawn', 2, 71_000],
    ]);
    expect(s.last!.iteration).toBe(2);
    expect(s.last!.engine).toEqual({ sample: 900, feedback: 250, learn: 450 });
    expect(engineTotal(s.last!)).toBe(1600);
    // Its wall time would count the pause: it is not shown.
    expect(s.last!.wallMs).toBeNull();
    expect(s.first!.iteration).toBe(1);
    expect(s.first!.wallMs).toBe(1000);
  });

  it('the wall time of a back-to-back iteration counts the page’s drawing and the animation pauses, not only the engine', () => {
    const s = play([
      ['start', 'sample', 5, 10_000, false], ['done', 'sample', 2000], ['pause', 900],
      ['start', 'feedback', 5, 13_100, true], ['done', 'feedback', 1500], ['pause', 700],
      ['start', 'learn', 5, 15_600, true], ['done', 'learn', 3000], ['drawn', 5, 24_700],
    ]);
    expect(engineTotal(s.last!)).toBe(6500);
    expect(s.last!.pausesMs).toBe(1600);
    expect(s.last!.wallMs).toBe(14_700);
    expect(s.last!.wallMs! - engineTotal(s.last!) - s.last!.pausesMs).toBe(6600); // the page's own time
  });

  it('a resumed run whose sampling ran before the page measured it gets no wall time and no mixed phases', () => {
    const s = play([['start', 'feedback', 3, 0, false], ['done', 'feedback', 100], ['start', 'learn', 3, 100, true], ['done', 'learn', 200], ['drawn', 3, 400]]);
    expect(s.last!.engine).toEqual({ sample: null, feedback: 100, learn: 200 });
    expect(s.last!.wallMs).toBeNull();
  });

  it('a late drawing of an older iteration does not change the newer one', () => {
    const s = play([
      ['start', 'sample', 1, 0, false], ['done', 'sample', 1], ['start', 'feedback', 1, 1, true], ['done', 'feedback', 1], ['start', 'learn', 1, 2, true], ['done', 'learn', 1],
      ['start', 'sample', 2, 10, true], ['done', 'sample', 1], ['start', 'feedback', 2, 11, true], ['done', 'feedback', 1], ['start', 'learn', 2, 12, true], ['done', 'learn', 1],
      ['drawn', 1, 50],
    ]);
    expect(s.last!.iteration).toBe(2);
    expect(s.last!.wallMs).toBeNull();
    expect(s.first!.wallMs).toBe(50);
  });
});
