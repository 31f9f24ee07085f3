import { expect, test } from '@playwright/test';
import { baseQuery, phaseByPhase, reloadKeeps, runAndTweak, sharedLink, labeler } from './flows';
import { iteration, openPlayground, pageErrors, waitIdle } from './helpers';

// The main flows again on the CPU engine (the default on a software adapter).
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

  test('the class labels pairs and the reward model retrains on them', async ({ page }, testInfo) => {
    await labeler(page, testInfo, 'cpu', 60);
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
    await page.getByTestId('train-stages').click();
    await expect(page.getByTestId('progress')).toBeVisible();
    await waitIdle(page);
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
});
