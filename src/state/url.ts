import { DEFAULT_SCENARIO_ID, getScenario, SCENARIOS } from '../engine/data/scenarios';
import type { PresetName } from '../engine/model/config';
import { ALGO_DEFAULTS, ALGOS, SETTING_ALIASES, type Algo } from '../engine/rl/algo-config';
import { ConfigError, DEFAULT_PPO, makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import { isPpoSetting, parseSettingValue } from '../engine/rl/setting-value';
import { lessonFromLink, lessonLinkParams } from './lesson-link';

/**
 * What a link holds: opening it reproduces the run (same scenario, model size, engine, seed and
 * hyperparameters → the same first answers). Anything malformed is reported and replaced by its
 * default, never a blank page.
 */
export type EngineChoice = 'auto' | 'gpu' | 'cpu';
export type View = 'playground' | 'diagnostics';
export type Lang = 'en' | 'zh';

export interface LinkSettings {
  scenario: string;
  preset: PresetName;
  engine: EngineChoice;
  config: PpoConfig;
  view: View;
  lang: Lang | null;
  projector: boolean;
  colourSafe: boolean;
  /** debug=1: exposes test hooks (window.__rlhf.loseDevice, renderCrash, gpuMemory). */
  debug: boolean;
  /** A replay code (replay-link.ts): re-run these settings' first N iterations. */
  replay?: string | null;
  /** lesson=<id>: the lesson shown (its settings are the link's defaults; see lesson-link.ts). */
  lesson?: string | null;
}

export const SHARED_PRESETS: readonly PresetName[] = ['micro', 'tiny', 'small'];
export const DEFAULT_PRESET: PresetName = 'tiny';

/** URL parameters that are not hyperparameters. */
const OWN = new Set(['scenario', 'preset', 'engine', 'seed', 'view', 'lang', 'projector', 'palette', 'debug', 'replay', 'lesson', 'embed', 'hide']); // embed, hide: state/embed.ts

/**
 * Defaults that depend on the scenario: an answer is at most the scenario's longest one (T ≤ its
 * maxResponseLength), so the arithmetic scenario's 4-token answers do not get 12 columns; and the
 * scenario's recommended PPO settings (Scenario.ppoDefaults).
 */
export function scenarioDefaults(scenario: string): Partial<PpoConfig> {
  const sc = getScenario(scenario);
  // The scenario's own recommendations (e.g. a higher actor learning rate for arithmetic), known fields only.
  const own = Object.fromEntries(Object.entries(sc.ppoDefaults ?? {}).filter(([k]) => Object.hasOwn(DEFAULT_PPO, k)));
  return { maxResponseLength: Math.min(DEFAULT_PPO.maxResponseLength, sc.maxResponseLength), ...own } as Partial<PpoConfig>;
}

/** The defaults a config is compared against for `scenario` (global defaults + the algorithm's + the scenario's). */
export const defaultsFor = (scenario: string, algo: Algo = 'ppo'): PpoConfig => ({ ...DEFAULT_PPO, ...ALGO_DEFAULTS[algo], ...scenarioDefaults(scenario) });

/** The problem with a config for this scenario beyond makePpoConfig's rules, or null. */
export function scenarioProblem(scenario: string, c: PpoConfig): { field: keyof PpoConfig; message: string } | null {
  const T = getScenario(scenario).maxResponseLength;
  if (c.maxResponseLength > T) return { field: 'maxResponseLength', message: `maxResponseLength must be ≤ ${T} (this scenario's longest answer), got ${c.maxResponseLength}` };
  return null;
}

/**
 * Reads a link. One rule for every key: a key given more than once takes its LAST value (so
 * appending "&seed=9" to a link overrides its seed), and the notice says so. Only the playground's
 * own names count: "constructor" or "__proto__" are unknown settings like any other typo.
 */
/** The link's algorithm when it names a valid one (for the defaults a refused value falls back to). */
const linkAlgo = (q: { get(key: string): string | null | undefined }): Algo => ALGOS.find((a) => a === q.get('algo')) ?? 'ppo';

export function parseLink(search: string): { settings: LinkSettings; problems: string[] } {
  const raw = new URLSearchParams(search);
  const problems: string[] = [];
  const q = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const [k, v] of raw) {
    q.set(k, v);
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  for (const [k, n] of seen) if (n > 1) problems.push(`${k} appears ${n} times in the link; using the last one (${k}=${q.get(k)})`);
  const lesson = lessonFromLink(q, problems);
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = q.get(key) ?? null;
    if (v === null) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`${key}=${v} is not one of ${allowed.join(', ')}; using ${fallback}`);
    return fallback;
  };
  const scenario = pick('scenario', SCENARIOS.map((s) => s.id), DEFAULT_SCENARIO_ID);
  const preset = pick('preset', SHARED_PRESETS, DEFAULT_PRESET);
  const engine = pick<EngineChoice>('engine', ['auto', 'gpu', 'cpu'], 'auto');
  const view = pick<View>('view', ['playground', 'diagnostics'], 'playground');
  const lang = q.has('lang') ? pick<Lang>('lang', ['en', 'zh'], 'en') : null;
  const overrides: Record<string, unknown> = {};
  for (const [k, v] of q) {
    if (OWN.has(k) && k !== 'seed') continue;
    const name = Object.hasOwn(SETTING_ALIASES, k) ? SETTING_ALIASES[k] : k; // TRL's names (beta …) read as ours
    if (!isPpoSetting(name)) {
      problems.push(`${k} is not a setting of this playground; ignored`);
      continue;
    }
    // The engine's one rule for setting text (plain decimals, exact true/false): the same text means the same value in links and on the CLI.
    try {
      overrides[name] = parseSettingValue(name, v);
    } catch (e) {
      problems.push(`${(e as Error).message}; using the default ${JSON.stringify(defaultsFor(scenario, linkAlgo(q))[name])}`);
    }
  }
  let config = validConfig({ ...scenarioDefaults(scenario), ...overrides }, problems);
  const bad = scenarioProblem(scenario, config);
  if (bad) {
    problems.push(`${bad.message}; using the scenario's default`);
    config = { ...config, ...scenarioDefaults(scenario) };
  }
  return {
    settings: { scenario, preset, engine, view, lang, config, projector: q.get('projector') === '1', colourSafe: q.get('palette') === 'safe', debug: q.get('debug') === '1', replay: q.get('replay') ?? null, lesson },
    problems,
  };
}

/** makePpoConfig, dropping (and reporting) each field it refuses until the rest is valid. Only own setting names count. */
export function validConfig(overrides: Record<string, unknown>, problems: string[]): PpoConfig {
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(overrides)) {
    if (isPpoSetting(k)) o[k] = overrides[k];
    else problems.push(`${k} is not a setting of this playground; ignored`);
  }
  for (let i = 0; i <= Object.keys(overrides).length; i++) {
    try {
      return makePpoConfig(o);
    } catch (e) {
      if (!(e instanceof ConfigError) || !(e.field in o)) break;
      problems.push(`${e.message}; using the default ${JSON.stringify(DEFAULT_PPO[e.field as keyof PpoConfig])}`);
      delete o[e.field];
    }
  }
  return makePpoConfig({});
}

/** The query string for settings: only what differs from the defaults, so links stay short. */
export function linkFor(s: LinkSettings): string {
  const q = new URLSearchParams();
  if (s.scenario !== DEFAULT_SCENARIO_ID) q.set('scenario', s.scenario);
  if (s.preset !== DEFAULT_PRESET) q.set('preset', s.preset);
  if (s.engine !== 'auto') q.set('engine', s.engine);
  q.set('seed', String(s.config.seed));
  const defaults = defaultsFor(s.scenario, s.config.algo);
  for (const k of Object.keys(DEFAULT_PPO) as (keyof PpoConfig)[]) {
    if (k !== 'seed' && s.config[k] !== defaults[k]) q.set(k, String(s.config[k]));
  }
  if (s.view !== 'playground') q.set('view', s.view);
  if (s.lang) q.set('lang', s.lang);
  if (s.projector) q.set('projector', '1');
  if (s.colourSafe) q.set('palette', 'safe');
  if (s.debug) q.set('debug', '1');
  if (s.replay) q.set('replay', s.replay);
  const current = (k: string) => (k === 'scenario' ? s.scenario : k === 'preset' ? s.preset : String(s.config[k as keyof PpoConfig]));
  return `?${lessonLinkParams(q, s.lesson ?? null, current).toString()}`;
}
