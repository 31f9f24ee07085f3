import { SCENARIOS } from '../engine/data/scenarios';
import type { PresetName } from '../engine/model/config';
import { settingsOpened } from './engine-actions';
import { parseStatsJson, statsCsv, statsJson } from './export';
import { RUN_FILE_FORMAT } from './library/run-file';
import { runFileImported } from './library-actions';
import { replayLinks } from './replay-actions';
import { useRunStore } from './run-store';
import { SHARED_PRESETS, validConfig } from './url';

/** The history as CSV / JSON text (the JSON also records the settings and the replay link that reproduce the run). */
export function statsExported(kind: 'csv' | 'json'): { text: string; filename: string; type: string } {
  const s = useRunStore.getState();
  const stamp = `${s.scenario}-${s.preset}-seed${s.config.seed}`;
  if (kind === 'csv') return { text: statsCsv(s.history), filename: `rlhf-stats-${stamp}.csv`, type: 'text/csv' };
  const links = replayLinks();
  const meta = { scenario: s.scenario, preset: s.preset, engine: s.session?.engine ?? null, config: s.config, link: links.settings, replay: links.replay };
  return { text: statsJson(meta, s.history), filename: `rlhf-stats-${stamp}.json`, type: 'application/json' };
}

const notice = (name: string, m: string) => useRunStore.setState((s) => ({ notices: [...s.notices, `${name}: ${m}`] }));

/** A file the user opened: a run file goes into the library; a stats file opens its settings. */
export async function fileOpened(name: string, text: string): Promise<void> {
  let format: unknown;
  try {
    format = (JSON.parse(text) as { format?: unknown } | null)?.format;
  } catch (e) {
    notice(name, `not JSON (${(e as Error).message})`);
    return;
  }
  if (format === RUN_FILE_FORMAT) await runFileImported(name, text);
  else await statsFileOpened(name, text);
}

/**
 * Opens the settings recorded in an exported stats file as a new run (the current one stays in the
 * library). A file that is not one gives a message and changes nothing; every field that could not
 * be used is named in a notice (issue #13, item 9).
 */
export async function statsFileOpened(name: string, text: string): Promise<void> {
  let parsed: ReturnType<typeof parseStatsJson>;
  try {
    parsed = parseStatsJson(text);
  } catch (e) {
    notice(name, (e as Error).message);
    return;
  }
  const problems: string[] = [];
  if (!SCENARIOS.some((s) => s.id === parsed.scenario)) problems.push(`unknown scenario "${parsed.scenario}"`);
  if (!(SHARED_PRESETS as readonly string[]).includes(parsed.preset)) problems.push(`unknown model size "${parsed.preset}"`);
  if (problems.length) {
    notice(name, problems.join('; '));
    return;
  }
  const config = validConfig(parsed.config, problems);
  if (parsed.ignored.length) problems.push(`ignored fields: ${parsed.ignored.join(', ')}`);
  for (const p of problems) notice(name, p);
  await settingsOpened(parsed.scenario, parsed.preset as PresetName, config);
}
