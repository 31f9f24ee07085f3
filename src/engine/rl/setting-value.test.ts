import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PPO, makePpoConfig } from './ppo-config';
import { isPpoSetting, parseDecimal, parseSettingValue } from './setting-value';

/** Every name an object inherits (Object.prototype's), which `k in obj` used to accept as a setting. */
const INHERITED = ['constructor', '__proto__', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__'];

function refusal(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('setting names', () => {
  it('inherited names are not settings: refused by the parser and by makePpoConfig, naming the key', () => {
    expect(INHERITED.every((k) => k in DEFAULT_PPO)).toBe(true); // what `in` used to let through
    for (const k of INHERITED) {
      expect(isPpoSetting(k), k).toBe(false);
      const e = refusal(() => parseSettingValue(k, '1'));
      expect(e.field).toBe(k);
      expect(e.message).toMatch(new RegExp(`^${k.replace(/\$/g, '\\$')} is not a PPO setting`));
      // An own key of that name in the overrides (as Object.fromEntries or JSON.parse make it).
      const m = refusal(() => makePpoConfig(Object.fromEntries([[k, 1]])));
      expect(m.message, k).toMatch(/is not a PPO setting/);
    }
    const fromJson = JSON.parse('{"__proto__": {"klCoef": 7}}') as Record<string, unknown>;
    expect(refusal(() => makePpoConfig(fromJson)).field).toBe('__proto__');
    for (const k of Object.keys(DEFAULT_PPO)) expect(isPpoSetting(k), k).toBe(true);
  });
});

describe('setting values: one parsing rule', () => {
  it('numbers are plain decimals', () => {
    const ok: [string, number][] = [['0.001', 0.001], ['3e-4', 3e-4], ['-1', -1], ['+2', 2], ['.5', 0.5], ['16.', 16], ['1E3', 1000], ['0', 0], ['-0.0e5', -0], ['1e-300', 1e-300]];
    for (const [raw, want] of ok) expect(parseSettingValue('actorLr', raw), raw).toBe(want);
    const bad: [string, RegExp][] = [
      ['0x10', /^actorLr must be a plain decimal number such as 0\.001 or 3e-4, got "0x10"$/],
      ['0b1', /plain decimal/], ['0o7', /plain decimal/], ['1_000', /plain decimal/], ['Infinity', /plain decimal/], ['-Infinity', /plain decimal/], ['NaN', /plain decimal/],
      [' 1', /plain decimal/], ['1 ', /plain decimal/], ['1e', /plain decimal/], ['e5', /plain decimal/], ['--1', /plain decimal/], ['1,5', /plain decimal/], ['١', /plain decimal/],
      ['', /^actorLr is empty \(expected a number\)$/], ['  ', /^actorLr is empty/],
      ['1e-400', /^actorLr is too small to represent \(it would become 0\): "1e-400"$/], ['0.0000001e-330', /too small/],
      ['1e400', /^actorLr is too large to represent: "1e400"$/], ['-1e309', /too large/],
    ];
    for (const [raw, re] of bad) expect(refusal(() => parseSettingValue('actorLr', raw)).message, JSON.stringify(raw)).toMatch(re);
    expect(parseDecimal('0e-999')).toEqual({ value: 0 }); // zero written with an exponent is still zero
  });

  it('yes/no settings are exactly true or false; choices are checked with the config', () => {
    expect(parseSettingValue('adaptiveKl', 'true')).toBe(true);
    expect(parseSettingValue('whitenAdvantages', 'false')).toBe(false);
    for (const raw of ['True', '1', 'yes', '', ' true']) {
      expect(refusal(() => parseSettingValue('adaptiveKl', raw)).message).toBe(`adaptiveKl must be true or false, got "${raw}"`);
    }
    expect(parseSettingValue('klEstimator', 'k3')).toBe('k3');
    expect(refusal(() => makePpoConfig({ klEstimator: parseSettingValue('klEstimator', 'k4') })).message).toMatch(/^klEstimator must be one of "k1", "k2", "k3"/);
  });
});
