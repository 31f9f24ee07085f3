/**
 * Friendly names first, the key second ("Reward-model score · objective/scores"): statistics keep
 * TRL's names as the key so numbers can be compared with real runs; settings keep the key used in
 * links and `npm run train -- --set key=value`.
 */
import type { TFunction } from 'i18next';
import { termOfSetting } from './terms';

/** The statistic's friendly name (the key itself when there is none). */
export const statName = (key: string, t: TFunction): string => t(`glossary.stats.${key}`, { defaultValue: key });

/** "Reward-model score · objective/scores". */
export function statLabel(key: string, t: TFunction): string {
  const name = statName(key, t);
  return name === key ? key : `${name} · ${key}`;
}

/** The setting's friendly name (HyperParams' field names). */
export const settingName = (key: string, t: TFunction): string => t(`hp.f.${key}`, { defaultValue: key });

/** "KL coefficient · klCoef". */
export function settingLabel(key: string, t: TFunction): string {
  const name = settingName(key, t);
  return name === key ? key : `${name} · ${key}`;
}

/** A setting and its value the way a lesson or a kept curve names it: "β = 0", "policy clip ε = 0.02". */
export function settingValue(key: string, value: unknown, t: TFunction): string {
  const symbol = termOfSetting(key)?.symbol;
  const sym = symbol && termOfSetting(key)?.settings?.length === 1 ? symbol : null;
  return `${sym ?? settingName(key, t)} = ${String(value)}`;
}
