/**
 * Statistics history as CSV (one row per iteration, one column per TRL stat name) and JSON. The
 * CSV's `iteration` is numbered as the page numbers it (the first iteration is 1, as in the top bar
 * and on the charts' axes); the history rows count from 0 as the trainer does.
 */
export function statsCsv(history: Record<string, number>[]): string {
  const keys: string[] = [];
  for (const row of history) for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const cell = (row: Record<string, number>, k: string) => (row[k] === undefined ? '' : String(k === 'iteration' ? row[k] + 1 : row[k]));
  const lines = [keys.map(quote).join(',')];
  for (const row of history) lines.push(keys.map((k) => cell(row, k)).join(','));
  return lines.join('\n') + '\n';
}

export function statsJson(meta: Record<string, unknown>, history: Record<string, number>[]): string {
  return JSON.stringify({ format: 'rlhf-playground-stats', version: 1, ...meta, history }, null, 2);
}

/** The fields a stats file has (statsJson's meta and history); others are reported as ignored. */
const STATS_FIELDS = new Set(['format', 'version', 'scenario', 'preset', 'engine', 'config', 'link', 'replay', 'history']);

/**
 * Reads an exported stats JSON back (to reopen its settings). Throws an Error saying what is
 * wrong; never returns half a file. `ignored`: fields of the file that are not read.
 */
export function parseStatsJson(text: string): { scenario: string; preset: string; config: Record<string, unknown>; history: Record<string, number>[]; ignored: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message})`);
  }
  const d = data as Record<string, unknown>;
  if (!d || d.format !== 'rlhf-playground-stats') throw new Error('not a stats file exported by this playground (no "format": "rlhf-playground-stats")');
  if (typeof d.scenario !== 'string' || typeof d.preset !== 'string' || typeof d.config !== 'object' || d.config === null) throw new Error('the file lacks scenario, preset or config');
  if (!Array.isArray(d.history) || !d.history.every((r) => r && typeof r === 'object' && Object.values(r).every((v) => typeof v === 'number'))) {
    throw new Error('its history is not a list of numeric statistics');
  }
  const ignored = Object.keys(d).filter((k) => !STATS_FIELDS.has(k));
  return { scenario: d.scenario, preset: d.preset, config: d.config as Record<string, unknown>, history: d.history as Record<string, number>[], ignored };
}
