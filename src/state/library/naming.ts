import { DEFAULT_PPO, type PpoConfig } from '../../engine/rl/ppo-config';
import type { PresetName } from '../../engine/model/config';
import { defaultsFor } from '../url';

/**
 * Default run names, from the settings that tell runs apart: "reviews · tiny · seed 7 · klCoef=0".
 * Names are data (stored, exported, shown in legends), so they use the setting names of the link
 * rather than one language's words; the user can rename any run.
 */
const MAX_NAME = 120;

function changedSettings(config: PpoConfig, base: PpoConfig): string[] {
  return (Object.keys(DEFAULT_PPO) as (keyof PpoConfig)[]).filter((k) => k !== 'seed' && config[k] !== base[k]).map((k) => `${k}=${config[k]}`);
}

const clip = (s: string) => (s.length > MAX_NAME ? `${s.slice(0, MAX_NAME - 1)}…` : s);

export function defaultRunName(scenario: string, preset: PresetName, config: PpoConfig): string {
  // The algorithm (when not PPO) is named itself, and the other settings against its own defaults.
  const changed = changedSettings(config, defaultsFor(scenario, config.algo)).filter((c) => !c.startsWith('algo='));
  const algo = config.algo === 'ppo' ? [] : [config.algo];
  return clip([scenario, preset, ...algo, `seed ${config.seed}`, ...changed.slice(0, 3), ...(changed.length > 3 ? ['…'] : [])].join(' · '));
}

/** A fork is named after its parent and what the fork changed. */
export function forkName(parentName: string, parentConfig: PpoConfig, config: PpoConfig): string {
  const changed = changedSettings(config, parentConfig);
  if (config.seed !== parentConfig.seed) changed.unshift(`seed=${config.seed}`);
  return clip(`${parentName} · ↳ ${changed.length ? changed.join(', ') : 'copy'}`);
}

export const copyName = (name: string) => clip(`${name} (2)`);

/**
 * Short labels for runs shown together (legends, table heads): each name without the " · "-separated
 * parts every shown name has ("reviews · micro · seed 7 · …" twice says nothing); the last part of
 * the name where nothing else is left.
 */
export function distinctLabels(names: readonly string[]): string[] {
  const parts = names.map((n) => n.split(' · '));
  const common = new Set(parts[0]?.filter((p) => parts.every((ps) => ps.includes(p))) ?? []);
  return parts.map((ps, i) => {
    const own = ps.filter((p) => !common.has(p));
    return names.length < 2 ? names[i] : own.length ? own.join(' · ') : ps[ps.length - 1];
  });
}
