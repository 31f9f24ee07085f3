// `npm run bench [-- name ...]`: runs bench/*.bench.ts one after another in one Node process each,
// with the SwiftShader environment (scripts/gpu-env.mjs), TypeScript through tsx and `?raw` WGSL
// imports through scripts/register-raw.mjs. Each benchmark prints one line per figure.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { gpuEnv } from './gpu-env.mjs';

const only = process.argv.slice(2);
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let failed = 0;
for (const f of files) {
  console.log(`\n# bench/${f}`);
  const r = spawnSync('node', ['--import', 'tsx', '--import', './scripts/register-raw.mjs', `bench/${f}`], { stdio: 'inherit', env: gpuEnv() });
  if (r.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
