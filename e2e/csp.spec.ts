import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../scripts/vite-csp.mjs';
import { labelTwoAndRetrain, openPlayground, stepIteration, stepPhase, waitIdle } from './helpers';

// The built app runs under its Content-Security-Policy (scripts/vite-csp.mjs), sent as a header by
// the server and as a <meta> in index.html. Every panel is exercised — sampling with next-token
// bars, feedback, learning, a fast run with charts, CSV/JSON/PNG downloads (blob:, data: images),
// the glossary (KaTeX), the first-visit tour (driver.js), the labeler, ONNX export and a loaded ONNX
// reward model (onnxruntime-web compiling wasm in the engine worker), the run library's export and
// the diagnostics view — and no violation is reported, by the page or by a worker.

/** Violations seen by the page (securitypolicyviolation events, console) and reported by workers (src/worker/csp-report.ts). */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy violation in the page: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  return seen;
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), bytes: await readFile((await d.path())!) };
}

test('every panel works under the Content-Security-Policy, with no violation reported', async ({ page }) => {
  test.setTimeout(600_000);
  const violations = cspViolations(page);
  const response = await page.request.get('/');
  expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(await response.text()).toContain('<meta http-equiv="Content-Security-Policy"');

  await openPlayground(page, '?preset=micro&engine=cpu&batchSize=8&seed=7');
  expect(violations, 'opening the run (the CPU engine compiles its wasm kernels in the worker)').toEqual([]);
  // Sampling with the next-token bars, feedback, learning.
  await stepPhase(page, 'sample');
  await page.getByTestId('sample-token').first().click();
  await expect(page.getByTestId('topk-bar').first()).toBeVisible();
  await stepPhase(page, 'feedback');
  await stepPhase(page, 'learn');
  // A short fast run fills the charts.
  await page.getByTestId('speed-select').selectOption('fast');
  await page.getByTestId('btn-run').click();
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '3', { timeout: 240_000 });
  await page.getByTestId('btn-run').click();
  await waitIdle(page);
  // Downloads: blob: URLs; the PNG goes through a data: SVG image.
  expect((await downloaded(page, () => page.getByTestId('export-csv').click())).name).toMatch(/\.csv$/);
  expect((await downloaded(page, () => page.getByTestId('export-json').click())).name).toMatch(/\.json$/);
  const png = await downloaded(page, () => page.getByTestId('chart-scores-png').click());
  expect(png.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect((await downloaded(page, () => page.getByTestId('run-export').first().click())).name).toMatch(/^rlhf-run-.*\.json$/);
  // The glossary's formulas (KaTeX: fonts and style attributes).
  await page.getByTestId('glossary-open').click();
  await expect(page.getByTestId('glossary').locator('.katex').first()).toBeVisible();
  await page.getByTestId('glossary-close').click();
  // The tour (driver.js).
  await page.getByTestId('tour-button').click();
  await expect(page.locator('.driver-popover')).toBeVisible();
  await page.keyboard.press('Escape');
  // The labeler: pairs from the reference, the reward model retrained on two labels.
  await labelTwoAndRetrain(page);
  // ONNX: a model downloaded, then loaded back as the reward model (onnxruntime-web in the worker).
  const rm = await downloaded(page, () => page.getByTestId('onnx-export-reward').click());
  await waitIdle(page);
  await page.getByTestId('onnx-reward-file').setInputFiles({ name: rm.name, mimeType: 'application/octet-stream', buffer: rm.bytes });
  await waitIdle(page);
  await expect(page.getByTestId('reward-source')).toHaveAttribute('data-kind', 'onnx');
  await stepIteration(page); // the rest of the iteration the run was paused in, scored by the ONNX model
  await expect(page.getByTestId('engine-error')).toHaveCount(0);
  // The diagnostics view (its own lazily loaded bundle).
  await page.goto('/?view=diagnostics');
  await expect(page.getByTestId('selfcheck-status')).toBeVisible({ timeout: 60_000 });

  expect(violations).toEqual([]);
});
