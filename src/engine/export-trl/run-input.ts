import { getScenario } from '../data/scenarios';
import { makePpoConfig } from '../rl/ppo-config';
import type { TrlExportInput } from './export-trl';

/**
 * A file the page exported → what the TRL export needs (issue #16: `npm run export-trl -- --run <file>`).
 * Reads the statistics JSON ("Export JSON": format rlhf-playground-stats) and the run library's run
 * file (format rlhf-playground-run: its last settings). Throws an Error saying what is wrong.
 */
export function trlInputFromFile(text: string): TrlExportInput {
  let d: Record<string, unknown>;
  try {
    d = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message})`);
  }
  if (!d || typeof d !== 'object') throw new Error('not a playground file (expected a JSON object)');
  let scenarioId: unknown, config: unknown, history: unknown, link: unknown;
  if (d.format === 'rlhf-playground-stats') {
    ({ scenario: scenarioId, config, history, link } = d);
  } else if (d.format === 'rlhf-playground-run') {
    const meta = (d.meta ?? {}) as { scenario?: unknown; changes?: { config?: unknown }[] };
    scenarioId = meta.scenario;
    config = Array.isArray(meta.changes) ? meta.changes.at(-1)?.config : undefined;
    const h = (d.history ?? {}) as { keys?: unknown; rows?: unknown };
    history = Array.isArray(h.keys) && Array.isArray(h.rows) ? h.rows.map((row) => Object.fromEntries((h.keys as string[]).map((k, i) => [k, (row as unknown[])[i]]))) : undefined;
  } else {
    throw new Error('not a file exported by the playground (its "format" is neither "rlhf-playground-stats" nor "rlhf-playground-run")');
  }
  if (typeof scenarioId !== 'string') throw new Error('the file names no scenario');
  if (!config || typeof config !== 'object') throw new Error('the file has no settings ("config")');
  if (!Array.isArray(history)) throw new Error('the file has no statistics history');
  const scenario = getScenario(scenarioId); // throws "unknown scenario …; valid ids: …"
  try {
    return { scenario, config: makePpoConfig(config as Record<string, unknown>), history: history as Record<string, number>[], classPairs: [], ...(typeof link === 'string' ? { link } : {}) };
  } catch (e) {
    throw new Error(`its settings are not valid: ${(e as Error).message}`);
  }
}
