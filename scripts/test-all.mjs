// `npm test`: every suite, in order of cost — static checks, unit (Node), GPU kernels (Node +
// SwiftShader), browser (Playwright + Debian chromium). Prints one closing line
// `tests: N passed, N failed, N skipped` summed over all suites and exits non-zero on any failure.
// Under CI=true a GPU or browser suite that finds no adapter fails (the suites themselves throw).
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { gpuEnv } from './gpu-env.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- unit gpu`
const want = (s) => only.length === 0 || only.includes(s);
mkdirSync('test-results', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = [];

function run(title, cmd, args, env = process.env) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: false });
  console.log(`=== ${title}: exit ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) broken.push(title);
  return r.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += j.numPendingTests + j.numTodoTests;
  if (j.numTotalTests === 0) broken.push(`${file}: no test executed`);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  totals.passed += s.expected + s.flaky;
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
  if (s.expected + s.unexpected + s.flaky === 0) broken.push(`${file}: no test executed`);
}

const npx = 'npx';
if (want('static')) {
  run('typecheck', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  run('lint', npx, ['eslint', '.']);
  run('layering', 'node', ['scripts/check-imports.mjs']);
}
for (const suite of ['unit', 'gpu']) {
  if (!want(suite)) continue;
  const out = `test-results/${suite}.json`;
  run(`${suite} tests`, npx, ['vitest', 'run', '--project', suite, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    suite === 'gpu' ? gpuEnv() : process.env);
  countVitest(out);
}
if (want('e2e')) {
  if (run('build', npx, ['vite', 'build', '--logLevel', 'warn'])) {
    const out = 'test-results/e2e.json';
    run('browser tests', npx, ['playwright', 'test', '--reporter=list,json'], { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    countPlaywright(out);
  }
}

if (broken.length) console.log(`\nfailing steps: ${broken.join('; ')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(broken.length || totals.failed ? 1 : 0);
