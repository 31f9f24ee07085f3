// Runs one TypeScript entry point in Node the way the benchmarks do (tsx, `?raw` WGSL imports,
// SwiftShader environment): `node scripts/run-ts.mjs path/to/script.ts [args...]`.
import { spawnSync } from 'node:child_process';
import { gpuEnv } from './gpu-env.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run-ts.mjs <script.ts> [args...]');
  process.exit(2);
}
const r = spawnSync('node', ['--import', 'tsx', '--import', './scripts/register-raw.mjs', script, ...args], { stdio: 'inherit', env: gpuEnv() });
process.exit(r.status ?? 1);
