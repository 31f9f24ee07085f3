import { strToU8, zipSync } from 'fflate';
import { getScenario } from '../engine/data/scenarios';
import { replayLinks } from './replay-actions';
import { useRunStore } from './run-store';
import { useLabelerStore } from './stage-actions';

/**
 * "Export to TRL" (issue #16; docs/trl-export.md): the run on the page — its settings, its
 * statistics, the pairs the class labelled — as a zip of the TRL folder. The exporter loads on first
 * use, so the page does not carry it until someone asks.
 */
/** The link that reopens the run: a replay link once iterations ran (and the run is replayable), else its settings. */
function trlLink(): string {
  const links = replayLinks();
  return links.replay ?? links.settings;
}

export async function trlZipRequested(): Promise<{ blob: Blob; filename: string }> {
  const { trlExportFiles, trlExportName } = await import('../engine/export-trl/export-trl');
  const s = useRunStore.getState();
  const scenario = getScenario(s.scenario);
  const files = trlExportFiles({ scenario, config: s.config, history: s.history, classPairs: useLabelerStore.getState().labelled, link: trlLink() });
  const name = trlExportName(scenario, s.config);
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [`${name}/${path}`, strToU8(text)])), { level: 6 });
  return { blob: new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), filename: `${name}.zip` };
}
