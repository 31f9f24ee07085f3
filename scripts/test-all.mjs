// `npm test`: every suite, in order of cost — static checks, unit (Node), GPU kernels (Node +
// SwiftShader), browser (Playwright + Debian chromium). Prints one closing line
// `tests: N passed, N failed, N skipped, N flaky (passed on retry)[, N known to fail]` summed over all suites and
// exits non-zero on any failure. Result files are deleted before each suite runs, so a crashed
// suite is a failing step, never an earlier run's totals (scripts/test-results.mjs).
// Under CI=true a GPU or browser suite that finds no adapter fails (the suites themselves throw).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { gpuEnv } from './gpu-env.mjs';
import { emptyTotals, readPlaywright, readVitest, runSuite, summaryLine } from './test-results.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- unit gpu`
const want = (s) => only.length === 0 || only.includes(s);
mkdirSync('test-results', { recursive: true });
const totals = emptyTotals();
const broken = [];

function run(title, cmd, args, env = process.env) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: false });
  console.log(`=== ${title}: exit ${r.status ?? r.signal} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (r.status !== 0) broken.push(title);
  return r.status === 0;
}

const npx = 'npx';
if (want('static')) {
  run('typecheck', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  run('lint', npx, ['eslint', '.']);
  run('layering', 'node', ['scripts/check-imports.mjs']);
}
for (const suite of ['unit', 'gpu']) {
  if (!want(suite)) continue;
  const resultFile = `test-results/${suite}.json`;
  broken.push(...runSuite({
    title: `${suite} tests`, command: npx, resultFile, read: readVitest,
    args: ['vitest', 'run', '--project', suite, '--reporter=default', '--reporter=json', `--outputFile.json=${resultFile}`],
    env: suite === 'gpu' ? gpuEnv() : process.env,
  }, totals));
}
if (want('e2e')) {
  if (run('build', npx, ['vite', 'build', '--logLevel', 'warn'])) {
    const resultFile = 'test-results/e2e.json';
    broken.push(...runSuite({
      title: 'browser tests', command: npx, resultFile, read: readPlaywright,
      args: ['playwright', 'test', '--reporter=list,json'], env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: resultFile },
    }, totals));
  }
}

if (broken.length) console.log(`\nfailing steps: ${broken.join('; ')}`);
console.log(`\n${summaryLine(totals)}`);
process.exit(broken.length || totals.failed ? 1 : 0);
