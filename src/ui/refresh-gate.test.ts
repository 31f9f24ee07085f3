import { describe, expect, it } from 'vitest';
import { refreshDelay } from './refresh-gate';

const at = (o: Partial<Parameters<typeof refreshDelay>[0]>) => refreshDelay({ now: 10_000, shownAt: 0, running: true, visible: true, intervalMs: 1000, ...o });

describe('refreshDelay', () => {
  it('draws at once when not running, visible or not, however recently it drew', () => {
    expect(at({ running: false })).toBe(0);
    expect(at({ running: false, visible: false })).toBe(0);
    expect(at({ running: false, shownAt: 9_999 })).toBe(0);
  });

  it('holds the value while running off screen', () => {
    expect(at({ visible: false })).toBeNull();
    expect(at({ visible: false, shownAt: -1e12 })).toBeNull();
  });

  it('while running in view, draws at most once per interval', () => {
    expect(at({ shownAt: 0 })).toBe(0);
    expect(at({ shownAt: 9_000 })).toBe(0); // exactly one interval ago
    expect(at({ shownAt: 9_400 })).toBe(400);
    expect(at({ shownAt: 10_000 })).toBe(1000);
  });

  it('never asks for a negative delay and draws a clock that went backwards at the latest one interval on', () => {
    expect(at({ shownAt: -5 })).toBe(0);
    expect(at({ shownAt: 10_500 })).toBe(1500);
  });
});
