import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PPO } from '../engine/rl/ppo-config';
import { useRunStore } from './run-store';

// Issue #13, item 9: a stats file opens its settings as a new run; whatever in it could not be used
// (an unknown field, an unknown or invalid setting) is named in a notice, and nothing invalid lands.
const settingsOpened = vi.fn(async (_scenario: string, _preset: string, _config: Record<string, unknown>) => {});
const runFileImported = vi.fn(async (_name: string, _text: string) => {});
vi.mock('./engine-actions', () => ({ settingsOpened }));
vi.mock('./library-actions', () => ({ runFileImported }));
vi.mock('./replay-actions', () => ({ replayLinks: () => ({ settings: '', replay: '' }) }));

const { fileOpened } = await import('./file-actions');

const stats = (extra: Record<string, unknown> = {}, config: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'rlhf-playground-stats', scenario: 'reviews', preset: 'micro', config: { klCoef: 0.1, ...config }, history: [{ iteration: 1 }], ...extra });

const notices = () => useRunStore.getState().notices;

beforeEach(() => {
  settingsOpened.mockClear();
  runFileImported.mockClear();
  useRunStore.setState({ notices: [] });
});

describe('opening a stats file (issue #13, item 9)', () => {
  it('a clean file opens its settings without a notice', async () => {
    await fileOpened('run.json', stats());
    expect(notices()).toEqual([]);
    expect(settingsOpened).toHaveBeenCalledTimes(1);
    expect(settingsOpened.mock.calls[0][2]).toMatchObject({ klCoef: 0.1 });
  });

  it('ignored fields, unknown settings and invalid values are each named; the valid rest opens', async () => {
    await fileOpened('run.json', stats({ comment: 'hi', extra: 1 }, { klCoef: -5, constructor: 3, temperature: 0.9 }));
    const n = notices();
    expect(n).toContain('run.json: ignored fields: comment, extra');
    expect(n.some((m) => /^run\.json: constructor is not a setting of this playground; ignored$/.test(m))).toBe(true);
    expect(n.some((m) => m.startsWith('run.json: ') && m.includes('klCoef') && m.includes(`using the default ${DEFAULT_PPO.klCoef}`))).toBe(true);
    expect(settingsOpened).toHaveBeenCalledTimes(1);
    const config = settingsOpened.mock.calls[0][2];
    expect(config.klCoef).toBe(DEFAULT_PPO.klCoef);
    expect(config.temperature).toBe(0.9);
    expect(Object.hasOwn(config, 'constructor')).toBe(false);
  });

  it('an unknown scenario or model size, a non-stats file or broken JSON: a notice, and nothing opens', async () => {
    await fileOpened('a.json', stats({ scenario: 'nope' }));
    await fileOpened('b.json', stats({ preset: 'huge' }));
    await fileOpened('c.json', JSON.stringify({ format: 'something-else' }));
    await fileOpened('d.json', '{"format": ');
    expect(settingsOpened).not.toHaveBeenCalled();
    expect(runFileImported).not.toHaveBeenCalled();
    const n = notices();
    expect(n[0]).toBe('a.json: unknown scenario "nope"');
    expect(n[1]).toBe('b.json: unknown model size "huge"');
    expect(n[2]).toMatch(/^c\.json: not a stats file exported by this playground/);
    expect(n[3]).toMatch(/^d\.json: not JSON \(/);
  });
});
