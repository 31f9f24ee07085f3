import { describe, expect, it } from 'vitest';
import { RESOURCES, flatten } from '../i18n/resources';
import { ConfigError, makePpoConfig } from '../engine/rl/ppo-config';
import { parseSettingValue } from '../engine/rl/setting-value';
import { scenarioProblem } from '../state/url';
import { configMessage, configReason } from './config-message';

/** The message of whatever the engine throws for `f`. */
function thrown(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('nothing was thrown');
}

/** A t() over the real string tables, as i18next interpolates them. */
const tOf = (lang: 'en' | 'zh') => {
  const table = flatten(RESOURCES[lang]);
  return (key: string, vars: Record<string, string> = {}) => (table.get(key) ?? key).replace(/\{\{(\w+)\}\}/g, (_, v) => vars[v] ?? `{{${v}}}`);
};
const labelOf = (lang: 'en' | 'zh') => (key: string) => flatten(RESOURCES[lang]).get(`hp.f.${key}`) ?? key;

// One bad value per rule of the engine: every message they produce must be recognised.
const cases: (() => unknown)[] = [
  () => makePpoConfig({ clipEps: 'abc' }),
  () => makePpoConfig({ epochs: 1.5 }),
  () => makePpoConfig({ temperature: 0 }),
  () => makePpoConfig({ clipEps: -1 }),
  () => makePpoConfig({ gamma: 2 }),
  () => makePpoConfig({ klEstimator: 'k9' }),
  () => makePpoConfig({ batchSize: 3, minibatches: 2 }),
  () => makePpoConfig({ nonsense: 1 }),
  () => parseSettingValue('actorLr', ''),
  () => parseSettingValue('actorLr', '0x10'),
  () => parseSettingValue('actorLr', '1e400'),
  () => parseSettingValue('actorLr', '1e-400'),
  () => parseSettingValue('whitenAdvantages', 'yes'),
];

describe('validation messages speak the field’s label, key second (issue #11, defect 12)', () => {
  it('recognises the reason of every rule of the engine (a new wording fails here)', () => {
    for (const c of cases) {
      const e = thrown(c);
      expect(configReason(e.field, e.message), e.message).not.toBeNull();
    }
    const bad = scenarioProblem('arithmetic', makePpoConfig({ maxResponseLength: 12 }))!;
    expect(configReason(bad.field, bad.message)?.id).toBe('leScenario');
  });

  it('English: label first, key second, other settings named the same way', () => {
    const t = tOf('en'), label = labelOf('en');
    const a = thrown(() => makePpoConfig({ clipEps: 'abc' }));
    expect(configMessage(a.field, a.message, label, t)).toBe('policy clip (clipEps) must be a number, got “abc”');
    const b = thrown(() => makePpoConfig({ batchSize: 3, minibatches: 2 }));
    expect(configMessage(b.field, b.message, label, t)).toBe('minibatches must divide batch size (batchSize) = 3, got 2');
  });

  it('中文: no English words left but the keys and values', () => {
    const t = tOf('zh'), label = labelOf('zh');
    for (const c of cases) {
      const e = thrown(c);
      const m = configMessage(e.field, e.message, label, t);
      expect(m, m).toContain(e.field);
      const words = m.replace(/\([^)]*\)|“[^”]*”|"[^"]*"/g, '').match(/[A-Za-z]{3,}/g) ?? [];
      expect(words.filter((w) => w !== e.field && !['PPO', 'true', 'false'].includes(w)), m).toEqual([]);
    }
  });

  it('a reason it does not know is shown as the engine wrote it, still after the label', () => {
    expect(configMessage('gamma', 'gamma wobbles', labelOf('en'), tOf('en'))).toBe('discount (gamma) wobbles');
  });
});
