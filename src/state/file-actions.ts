import { SCENARIOS } from '../engine/data/scenarios';
import { parseStatsJson, statsCsv, statsJson } from './export';
import { useRunStore } from './run-store';
import { linkFor, SHARED_PRESETS, validConfig } from './url';
import { useViewStore } from './view-store';

/** The history as CSV / JSON text (the JSON also records the settings that reproduce the run). */
export function statsExported(kind: 'csv' | 'json'): { text: string; filename: string; type: string } {
  const s = useRunStore.getState();
  const stamp = `${s.scenario}-${s.preset}-seed${s.config.seed}`;
  if (kind === 'csv') return { text: statsCsv(s.history), filename: `rlhf-stats-${stamp}.csv`, type: 'text/csv' };
  const meta = { scenario: s.scenario, preset: s.preset, engine: s.session?.engine ?? null, config: s.config, link: window.location.href };
  return { text: statsJson(meta, s.history), filename: `rlhf-stats-${stamp}.json`, type: 'application/json' };
}

/**
 * Opens the settings recorded in an exported stats file (its link, reproducing the run). A file
 * that is not one gives a message and changes nothing.
 */
export function statsFileOpened(name: string, text: string): void {
  const notice = (m: string) => useRunStore.setState((s) => ({ notices: [...s.notices, `${name}: ${m}`] }));
  let parsed: ReturnType<typeof parseStatsJson>;
  try {
    parsed = parseStatsJson(text);
  } catch (e) {
    notice((e as Error).message);
    return;
  }
  const problems: string[] = [];
  if (!SCENARIOS.some((s) => s.id === parsed.scenario)) problems.push(`unknown scenario "${parsed.scenario}"`);
  if (!(SHARED_PRESETS as readonly string[]).includes(parsed.preset)) problems.push(`unknown model size "${parsed.preset}"`);
  if (problems.length) {
    notice(problems.join('; '));
    return;
  }
  const config = validConfig(parsed.config, problems);
  const v = useViewStore.getState();
  const r = useRunStore.getState();
  const q = linkFor({ scenario: parsed.scenario, preset: parsed.preset as 'micro' | 'tiny', engine: r.engineChoice, config, view: 'playground', lang: v.lang, projector: v.projector, colourSafe: v.colourSafe, debug: false });
  window.location.assign(q);
}
