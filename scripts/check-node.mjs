// Checks that this Node.js satisfies package.json's "engines" (Vite 8 and rolldown need Node
// ^20.19 or ≥ 22.12; older ones fail later with obscure errors). `.ci/run` calls it before
// `npm ci`: `node scripts/check-node.mjs` exits 1 with a message naming both versions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const parse = (v) => v.replace(/^v/, '').split('.').map(Number);
const atLeast = (v, w) => v[0] !== w[0] ? v[0] > w[0] : v[1] !== w[1] ? v[1] > w[1] : v[2] >= w[2];

/** Whether `version` (e.g. "20.19.2") satisfies `range`: alternatives "^x.y.z" or ">=x.y.z" joined by "||". */
export function satisfies(version, range) {
  const v = parse(version);
  return range.split('||').map((s) => s.trim()).some((part) => {
    const m = /^(\^|>=)(\d+\.\d+\.\d+)$/.exec(part);
    if (!m) throw new Error(`check-node: cannot read the range "${part}" (only ^x.y.z and >=x.y.z)`);
    const w = parse(m[2]);
    return m[1] === '>=' ? atLeast(v, w) : v[0] === w[0] && atLeast(v, w);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const range = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
  if (!satisfies(process.versions.node, range)) {
    console.error(`Node.js ${process.versions.node} is too old for this project: it needs ${range} (package.json "engines"; Vite 8 requires it). Install a newer Node.js, e.g. from https://nodejs.org or your distribution's backports.`);
    process.exit(1);
  }
}
