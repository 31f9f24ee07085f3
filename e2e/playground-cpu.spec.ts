import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { baseQuery, phaseByPhase, reloadKeeps, runAndTweak, sharedLink } from './flows';
import { iteration, openPlayground, pageErrors, progressSeen, recordProgress, waitIdle } from './helpers';

// The main flows again on the CPU engine (the default on a software adapter). The class labelling
// pairs and retraining the reward model on the CPU engine: present-defects.spec.ts (labeler).
test.describe('playground on the CPU engine', () => {
  test('one iteration phase by phase shows the engine’s numbers', async ({ page }, testInfo) => {
    const errors = pageErrors(page);
    await phaseByPhase(page, testInfo, 'cpu');
    expect(errors).toEqual([]);
  });

  test('running adds a chart point per iteration; a hyperparameter change takes effect', async ({ page }, testInfo) => {
    await runAndTweak(page, testInfo, 'cpu');
  });

  test('a shared link reproduces the same first answers', async ({ browser }, testInfo) => {
    await sharedLink(browser, testInfo, 'cpu');
  });

  test('a reload keeps the run', async ({ page }, testInfo) => {
    await reloadKeeps(page, testInfo, 'cpu');
  });

  test('running on "fast", a new iteration redraws what shows it, not the settings form or the top bar', async ({ page }) => {
    await openPlayground(page, '?preset=micro&engine=cpu&batchSize=8');
    // React sets an input's name again whenever the component drawing it redraws: the count of those
    // writes per input says which components redrew. The run list (its rows show the iteration) is the
    // control that the detector sees redraws at all.
    await page.evaluate(() => {
      const counts: Record<string, number> = {};
      (window as unknown as { __redrawn: Record<string, number> }).__redrawn = counts;
      new MutationObserver((ms) => {
        for (const m of ms) {
          const id = (m.target as Element).getAttribute?.('data-testid') ?? '';
          const where = id.startsWith('hp-') ? 'hyperparams' : id === 'seed-input' ? 'topbar' : id === 'run-compare' ? 'runs' : null;
          if (where) counts[where] = (counts[where] ?? 0) + 1;
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['name'] });
    });
    await page.getByTestId('speed-select').selectOption('fast');
    await page.getByTestId('btn-run').click();
    // Counted from the second iteration on: starting (and later stopping) a run redraws the controls once.
    await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const from = await page.evaluate(() => {
      const w = window as unknown as { __redrawn: Record<string, number> };
      for (const k of Object.keys(w.__redrawn)) delete w.__redrawn[k];
      return Number(document.querySelector('[data-testid=iteration]')?.getAttribute('data-value'));
    });
    await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(from + 5);
    const redrawn = await page.evaluate(() => ({ ...(window as unknown as { __redrawn: Record<string, number> }).__redrawn }));
    await page.getByTestId('btn-run').click();
    await waitIdle(page);
    expect(redrawn.runs ?? 0, 'the run list redraws with each saved iteration').toBeGreaterThan(0);
    expect(redrawn.hyperparams ?? 0, 'settings form redraws').toBe(0);
    expect(redrawn.topbar ?? 0, 'top bar redraws').toBe(0);
  });

  test('without engine=… the software adapter runs the CPU engine and says why', async ({ page }) => {
    await openPlayground(page, '?preset=micro&batchSize=16');
    await expect(page.getByTestId('engine-badge')).toHaveAttribute('data-engine', 'cpu');
    await expect(page.getByTestId('fallback-banner')).toBeVisible();
  });

  test('keyboard: space steps a phase, r runs and pauses', async ({ page }) => {
    await openPlayground(page, baseQuery('cpu'));
    await page.locator('body').press(' ');
    await waitIdle(page);
    await expect(page.getByTestId('btn-step-phase')).toHaveAttribute('data-next', 'feedback');
    await page.locator('body').press('r');
    await expect(page.getByTestId('btn-run')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => iteration(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await page.locator('body').press('r');
    await expect(page.getByTestId('btn-run')).toHaveAttribute('aria-pressed', 'false');
    await waitIdle(page);
    await page.getByTestId('btn-reset').click();
    await waitIdle(page);
    expect(await iteration(page)).toBe(0);
    await expect(page.getByTestId('charts-panel')).toHaveAttribute('data-points', '0');
    await expect(page.getByTestId('sampling-panel')).toHaveAttribute('data-state', 'empty');
  });

  test('a malformed link or file gives a message and the defaults, never a blank page', async ({ page }) => {
    await page.goto('/?preset=huge&engine=cpu&batchSize=abc&clipEps=-3&nonsense=1&scenario=nope');
    const notices = page.getByTestId('notices');
    await expect(notices).toBeVisible();
    await expect(notices).toContainText('preset=huge');
    await expect(notices).toContainText('batchSize');
    await expect(notices).toContainText('clipEps');
    await expect(notices).toContainText('nonsense');
    await expect(page.getByRole('heading', { name: 'RLHF Playground' })).toBeVisible();
    await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
    await expect(page.getByTestId('hp-batchSize')).toHaveValue('64');
    await expect(page.getByTestId('hp-clipEps')).toHaveValue('0.2');
    await expect(page.getByTestId('preset-select')).toHaveValue('tiny');
    await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "nope"') });
    await expect(notices).toContainText('broken.json: not JSON');
    await page.getByTestId('import-file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something-else"}') });
    await expect(notices).toContainText('other.json: not a stats file');
  });

  test('SFT and the reward model train here with progress and curves; PPO restarts from them', async ({ page }, testInfo) => {
    await openPlayground(page, baseQuery('cpu'));
    await expect(page.getByTestId('stages-panel')).toHaveAttribute('data-source', 'checkpoint');
    await page.getByTestId('sft-steps').fill('40');
    await page.getByTestId('rm-steps').fill('30');
    await recordProgress(page);
    await page.getByTestId('train-stages').click();
    await waitIdle(page);
    // The progress was shown where the training was started, with steps, the loss and its curve so far (issue #11, defect 9).
    const seen = (await progressSeen(page)).filter((p) => p.visible);
    expect(seen.every((p) => p.placement === 'stages')).toBe(true);
    for (const [stage, steps] of [['sft', 40], ['rm', 30]] as const) {
      const shown = seen.filter((p) => p.stage === stage && p.steps === steps);
      expect(shown.length, `${stage} progress states`).toBeGreaterThan(1);
      expect(shown.some((p) => new RegExp(`step \\d+ / ${steps} · loss \\d`).test(p.text) && p.sparkline >= 2), `${stage}: steps, loss and its curve`).toBe(true);
    }
    await expect(page.getByTestId('stages-panel')).toHaveAttribute('data-source', 'trained-here');
    await expect(page.getByTestId('curve-sft')).toHaveAttribute('data-points', '40');
    await expect(page.getByTestId('curve-rm')).toHaveAttribute('data-points', '30');
    const acc = Number(await page.getByTestId('rm-heldout').getAttribute('data-value'));
    expect(acc).toBeGreaterThanOrEqual(0);
    expect(acc).toBeLessThanOrEqual(1);
    expect(await iteration(page)).toBe(0);
    await page.screenshot({ path: testInfo.outputPath('stages.png'), fullPage: true });
    await page.getByTestId('btn-step-iteration').click();
    await waitIdle(page);
    expect(await iteration(page)).toBe(1);
  });

  test('language switch (English / 中文), projector mode and the colour-blind-safe palette', async ({ page }, testInfo) => {
    await openPlayground(page, baseQuery('cpu'));
    await expect(page.getByTestId('explain-sample')).toHaveText('Sampling');
    await page.getByTestId('lang-select').selectOption('zh');
    await expect(page.getByTestId('explain-sample')).toHaveText('采样');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page).toHaveURL(/lang=zh/);
    await page.getByTestId('projector-toggle').check();
    await page.getByTestId('palette-toggle').check();
    await expect(page.locator('.app')).toHaveClass(/projector/);
    await expect(page.locator('.app')).toHaveClass(/palette-safe/);
    await expect(page).toHaveURL(/projector=1/);
    await page.screenshot({ path: testInfo.outputPath('zh-projector.png') });
    // The link keeps the display settings.
    await page.reload();
    await expect(page.getByTestId('explain-sample')).toHaveText('采样');
    await expect(page.locator('.app')).toHaveClass(/projector/);
  });

  test('exports the stats as CSV and JSON and a chart as PNG', async ({ page }) => {
    await openPlayground(page, baseQuery('cpu'));
    await page.getByTestId('btn-step-iteration').click();
    await waitIdle(page);
    const save = async (id: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
      const path = await download.path();
      return { name: download.suggestedFilename(), bytes: readFileSync(path!) };
    };
    const csv = await save('export-csv');
    expect(csv.name).toMatch(/\.csv$/);
    const [header, row] = csv.bytes.toString('utf8').trim().split('\n');
    expect(header.split(',')).toContain('objective/kl');
    expect(row.split(',').length).toBe(header.split(',').length);
    const json = JSON.parse((await save('export-json')).bytes.toString('utf8'));
    expect(json.history.length).toBe(1);
    expect(json.config.batchSize).toBe(16);
    const png = await save('chart-scores-png');
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  });
});
