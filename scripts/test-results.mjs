// How `npm test` (scripts/test-all.mjs) runs one suite and counts its results — honestly: the
// suite's result file is deleted before it runs, so a suite that crashes before writing one is a
// failing step, never the totals of an earlier run; Playwright's flaky tests (passed on their
// retry) and its known failures (`test.fail`, failed as expected: Playwright counts them as
// "expected") are counted apart from the passed ones and shown in the closing line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

export function emptyTotals() {
  return { passed: 0, failed: 0, skipped: 0, flaky: 0, knownFailing: 0 };
}

/** Counts of a vitest JSON report, or a problem. */
export function readVitest(file) {
  if (!existsSync(file)) return { problem: `${file} was not written (the suite crashed or was killed)` };
  const j = JSON.parse(readFileSync(file, 'utf8'));
  if (j.numTotalTests === 0) return { problem: `${file}: no test executed` };
  return { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests, flaky: 0, knownFailing: 0 };
}

/** Tests marked `test.fail` that failed as expected, in a Playwright JSON report's suites. */
function knownFailures(suites = []) {
  let n = 0;
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) if (t.expectedStatus === 'failed' && t.status === 'expected') n++;
    n += knownFailures(suite.suites);
  }
  return n;
}

/** Counts of a Playwright JSON report (stats: expected, unexpected, flaky, skipped), or a problem. */
export function readPlaywright(file) {
  if (!existsSync(file)) return { problem: `${file} was not written (the suite crashed or was killed)` };
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const s = j.stats;
  if (s.expected + s.unexpected + s.flaky === 0) return { problem: `${file}: no test executed` };
  const knownFailing = knownFailures(j.suites);
  return { passed: s.expected - knownFailing, failed: s.unexpected, skipped: s.skipped, flaky: s.flaky, knownFailing };
}

/**
 * Runs one step (`command args`), first deleting `resultFile`; adds what `read(resultFile)` counts
 * to `totals`; returns the problems (a non-zero exit, a missing or empty report) as strings.
 */
export function runSuite({ title, command, args, env = process.env, resultFile, read }, totals) {
  rmSync(resultFile, { force: true });
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit', env, shell: false });
  console.log(`=== ${title}: exit ${r.status ?? r.signal} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const problems = r.status === 0 ? [] : [title];
  const counts = read(resultFile);
  if ('problem' in counts) problems.push(counts.problem);
  else for (const k of Object.keys(totals)) totals[k] += counts[k];
  return problems;
}

/** The closing line: passed, failed and skipped, then the flaky ones (passed only on a retry) and the known failures. */
export function summaryLine(t) {
  const known = t.knownFailing ? `, ${t.knownFailing} known to fail (test.fail: an open goal, failed as expected)` : '';
  return `tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.flaky} flaky (passed on retry)${known}`;
}
