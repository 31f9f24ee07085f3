import { expect, test } from '@playwright/test';
import { baseQuery, labeler, phaseByPhase, reloadKeeps, runAndTweak, sharedLink } from './flows';
import { iteration, openPlayground, pageErrors, shot, stepIteration } from './helpers';

// The playground on the GPU engine, chosen explicitly (engine=gpu): the software adapter is a
// fallback adapter, where the CPU engine would otherwise be the default.
test.describe('playground on the GPU engine', () => {
  // SwiftShader runs WGSL on the CPU: an iteration takes seconds, more when the machine is busy.
  test.describe.configure({ timeout: 360_000 });
  test('one iteration phase by phase shows the engine’s numbers', async ({ page }, testInfo) => {
    const errors = pageErrors(page);
    await phaseByPhase(page, testInfo, 'gpu');
    expect(errors).toEqual([]);
  });

  test('running adds a chart point per iteration; a hyperparameter change takes effect', async ({ page }, testInfo) => {
    await runAndTweak(page, testInfo, 'gpu');
  });

  test('a shared link reproduces the same first answers', async ({ browser }, testInfo) => {
    await sharedLink(browser, testInfo, 'gpu');
  });

  test('a reload keeps the run', async ({ page }, testInfo) => {
    await reloadKeeps(page, testInfo, 'gpu');
  });

  test('the class labels pairs and the reward model retrains on them', async ({ page }, testInfo) => {
    await labeler(page, testInfo, 'gpu', 20);
  });

  test('a lost GPU device gives a clear message, keeps the stats, and the run continues on the CPU engine', async ({ page }, testInfo) => {
    await openPlayground(page, baseQuery('gpu', '&debug=1'));
    await stepIteration(page);
    await expect(page.getByTestId('saved-at')).not.toHaveAttribute('data-saved', '');
    expect(await page.evaluate(() => (window as unknown as { __rlhf: { loseDevice: () => Promise<boolean> } }).__rlhf.loseDevice())).toBe(true);
    await expect(page.getByTestId('device-lost-banner')).toBeVisible();
    await expect(page.getByTestId('device-lost-banner')).toContainText('GPU device lost');
    await expect(page.getByTestId('btn-step-phase')).toBeDisabled();
    await expect(page.getByTestId('chart-scores')).toHaveAttribute('data-points', '1');
    await shot(page, testInfo, 'device-lost');
    await page.getByTestId('use-cpu').click();
    await expect(page.getByTestId('engine-badge')).toHaveAttribute('data-engine', 'cpu', { timeout: 120_000 });
    await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready');
    expect(await iteration(page)).toBe(1);
    await expect(page.getByTestId('chart-scores')).toHaveAttribute('data-points', '1');
    await stepIteration(page);
    expect(await iteration(page)).toBe(2);
  });
});
