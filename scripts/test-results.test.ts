import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without type declarations
import { emptyTotals, readPlaywright, readVitest, runSuite, summaryLine } from './test-results.mjs';

// `npm test`'s closing line counts only what the suites of this run reported.
const dir = mkdtempSync(join(tmpdir(), 'test-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { ...process.env };
const vitestReport = (passed: number) => JSON.stringify({ numTotalTests: passed, numPassedTests: passed, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 });

describe('npm test totals', () => {
  it('a suite that crashes before writing its report is a failing step, not the totals left by an earlier run', () => {
    const resultFile = join(dir, 'unit.json');
    writeFileSync(resultFile, vitestReport(999)); // an earlier run's report
    const totals = emptyTotals();
    const problems = runSuite({ title: 'unit tests', command: 'node', args: ['-e', 'process.exit(3)'], env: quiet, resultFile, read: readVitest }, totals);
    expect(problems).toEqual(['unit tests', `${resultFile} was not written (the suite crashed or was killed)`]);
    expect(totals).toEqual({ passed: 0, failed: 0, skipped: 0, flaky: 0, knownFailing: 0 });
    // A suite that writes its report is counted.
    const write = `require('fs').writeFileSync(${JSON.stringify(resultFile)}, ${JSON.stringify(vitestReport(7))})`;
    expect(runSuite({ title: 'unit tests', command: 'node', args: ['-e', write], env: quiet, resultFile, read: readVitest }, totals)).toEqual([]);
    expect(totals.passed).toBe(7);
    expect(JSON.parse(readFileSync(resultFile, 'utf8')).numPassedTests).toBe(7);
  });

  it('Playwright’s flaky tests are counted apart from the passed ones and shown', () => {
    const file = join(dir, 'e2e.json');
    writeFileSync(file, JSON.stringify({ stats: { expected: 40, unexpected: 1, flaky: 2, skipped: 3 } }));
    expect(readPlaywright(file)).toEqual({ passed: 40, failed: 1, skipped: 3, flaky: 2, knownFailing: 0 });
    writeFileSync(file, JSON.stringify({ stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 5 } }));
    expect(readPlaywright(file)).toEqual({ problem: `${file}: no test executed` });
    expect(summaryLine({ passed: 40, failed: 1, skipped: 3, flaky: 2, knownFailing: 0 })).toBe('tests: 40 passed, 1 failed, 3 skipped, 2 flaky (passed on retry)');
  });

  it('a test marked test.fail that failed as expected is a known failure, not a pass', () => {
    const file = join(dir, 'e2e-known.json');
    const test = (expectedStatus: string, status: string) => ({ expectedStatus, status });
    writeFileSync(file, JSON.stringify({
      stats: { expected: 3, unexpected: 0, flaky: 0, skipped: 0 },
      suites: [{ specs: [{ tests: [test('passed', 'expected')] }], suites: [{ specs: [{ tests: [test('failed', 'expected'), test('passed', 'expected')] }] }] }],
    }));
    expect(readPlaywright(file)).toEqual({ passed: 2, failed: 0, skipped: 0, flaky: 0, knownFailing: 1 });
    expect(summaryLine({ passed: 2, failed: 0, skipped: 0, flaky: 0, knownFailing: 1 })).toBe('tests: 2 passed, 0 failed, 0 skipped, 0 flaky (passed on retry), 1 known to fail (test.fail: an open goal, failed as expected)');
  });
});
