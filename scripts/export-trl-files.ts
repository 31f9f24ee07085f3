// Writing the TRL export to disk (shared by `npm run export-trl` and `npm run train -- --export-trl`),
// and the generated mapping table of docs/trl-export.md.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { trlExportFiles, type TrlExportInput } from '../src/engine/export-trl/export-trl';
import { trlMappingTable } from '../src/engine/export-trl/mapping-doc';
import { makeDirs, type Fail } from './cli';

export const TRL_DOC = 'docs/trl-export.md';
const START = '<!-- trl-mapping:start (generated: npm run export-trl -- --update-docs) -->';
const END = '<!-- trl-mapping:end -->';

/** The doc with its mapping table replaced by the one mapping.ts gives now. */
export function updatedTrlDoc(doc: string): string {
  const i = doc.indexOf(START), j = doc.indexOf(END);
  if (i < 0 || j < i) throw new Error(`${TRL_DOC} lacks the markers ${START} … ${END}`);
  return `${doc.slice(0, i + START.length)}\n${trlMappingTable()}\n${doc.slice(j)}`;
}

/** Writes the export's files under `dir` (created); returns how many. */
export function writeTrlFolder(dir: string, input: TrlExportInput, fail: Fail): number {
  const files = trlExportFiles(input);
  try {
    for (const [path, text] of Object.entries(files)) {
      makeDirs(dirname(join(dir, path)));
      writeFileSync(join(dir, path), text);
    }
  } catch (e) {
    fail(`cannot write into ${dir}: ${(e as Error).message}`);
  }
  return Object.keys(files).length;
}
