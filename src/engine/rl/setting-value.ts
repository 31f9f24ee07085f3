import { ConfigError, DEFAULT_PPO, type PpoConfig } from './ppo-config';

/**
 * One rule for reading a PPO setting written as text — a link's `key=value`, the CLI's
 * `--set key=value` — so the same text means the same value everywhere:
 *   - the key must be a setting's own name: `constructor`, `__proto__`, `toString`… are not settings;
 *   - numbers are plain decimals: an optional sign, digits with an optional fraction, an optional
 *     exponent (`0.001`, `-1`, `3e-4`). Hexadecimal (`0x10`), `Infinity`, `NaN`, blanks, and values
 *     that would silently become 0 or ∞ in floating point (`1e-400`, `1e400`) are refused;
 *   - yes/no settings are exactly `true` or `false`;
 *   - choices (`klEstimator`, `lrSchedule`, `criticInit`) are taken as written and checked by
 *     makePpoConfig with the rest of the config.
 * Every refusal is a ConfigError naming the key and saying what was wrong.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whether `key` names a PPO setting (an own key of the defaults, never an inherited one). */
export function isPpoSetting(key: string): key is keyof PpoConfig {
  return Object.hasOwn(DEFAULT_PPO, key);
}

/** A plain decimal number, or why not. */
export function parseDecimal(raw: string): { value: number } | { problem: string } {
  if (raw.trim() === '') return { problem: 'is empty (expected a number)' };
  if (!DECIMAL.test(raw)) return { problem: `must be a plain decimal number such as 0.001 or 3e-4, got "${raw}"` };
  const value = Number(raw);
  if (!Number.isFinite(value)) return { problem: `is too large to represent: "${raw}"` };
  const mantissa = raw.replace(/[eE].*$/, '');
  if (value === 0 && /[1-9]/.test(mantissa)) return { problem: `is too small to represent (it would become 0): "${raw}"` };
  return { value };
}

/** The typed value of setting `key` from its text `raw`; throws ConfigError (see above). */
export function parseSettingValue(key: string, raw: string): number | boolean | string {
  if (!isPpoSetting(key)) throw new ConfigError(key, `is not a PPO setting (known: ${Object.keys(DEFAULT_PPO).join(', ')})`);
  const like = DEFAULT_PPO[key];
  if (typeof like === 'boolean') {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw new ConfigError(key, `must be true or false, got "${raw}"`);
  }
  if (typeof like === 'number') {
    const n = parseDecimal(raw);
    if ('problem' in n) throw new ConfigError(key, n.problem);
    return n.value;
  }
  return raw;
}
