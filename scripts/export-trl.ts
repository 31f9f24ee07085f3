// `npm run export-trl -- --run <file> [--out <dir>]`: a run exported by the page (the statistics
// JSON, or a run file from the run library) → a folder to continue the run in TRL: train.py,
// train.ipynb, README.md, data/*.jsonl and data/gold_reward.py (docs/trl-export.md).
// `npm run export-trl -- --update-docs` rewrites the mapping table in docs/trl-export.md.
// Exit codes as the other scripts (scripts/cli.ts): 2 for bad arguments or an unusable file.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { trlExportName } from '../src/engine/export-trl/export-trl';
import { trlInputFromFile } from '../src/engine/export-trl/run-input';
import { failer, type Fail } from './cli';
import { TRL_DOC, updatedTrlDoc, writeTrlFolder } from './export-trl-files';

const fail: Fail = failer('export-trl');

function main() {
  let a;
  try {
    a = parseArgs({ args: process.argv.slice(2), options: { run: { type: 'string' }, out: { type: 'string' }, 'update-docs': { type: 'boolean', default: false } } }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (a['update-docs']) {
    writeFileSync(TRL_DOC, updatedTrlDoc(readFileSync(TRL_DOC, 'utf8')));
    console.error(`wrote the mapping table into ${TRL_DOC}`);
    return;
  }
  if (!a.run) fail('--run <file> is required (a statistics JSON or a run file exported by the playground)');
  let text: string;
  try {
    text = readFileSync(a.run, 'utf8');
  } catch (e) {
    fail(`cannot read ${a.run}: ${(e as Error).message}`);
  }
  let input;
  try {
    input = trlInputFromFile(text);
  } catch (e) {
    fail(`${a.run}: ${(e as Error).message}`);
  }
  const out = a.out ?? trlExportName(input.scenario, input.config);
  if (out === '') fail('--out expects a directory');
  const written = writeTrlFolder(out, input, fail);
  console.error(`wrote ${written} files into ${out} (python train.py there; see its README.md)`);
}

main();
