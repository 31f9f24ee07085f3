import { expect, test } from '@playwright/test';
import { baseQuery, labeler, phaseByPhase, reloadKeeps, runAndTweak, sharedLink } from './flows';
import { iteration, openPlayground, pageErrors, shot, stepIteration, waitIdle } from './helpers';

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

  test('a GPU device lost while running: the run continues by itself on the CPU engine from its last iteration boundary, and the banner says so', async ({ page }, testInfo) => {
    await openPlayground(page, baseQuery('gpu', '&debug=1'));
    await page.getByTestId('speed-select').selectOption('fast');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => iteration(page), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(() => (window as unknown as { __rlhf: { loseDevice: () => Promise<boolean> } }).__rlhf.loseDevice())).toBe(true);
    const banner = page.getByTestId('device-lost-banner');
    await expect(banner).toContainText('GPU device lost');
    await expect(banner).toContainText('continued on the CPU engine from iteration');
    await expect(page.getByTestId('engine-badge')).toHaveAttribute('data-engine', 'cpu', { timeout: 120_000 });
    const from = Number((await banner.textContent())!.match(/from iteration (\d+)/)![1]);
    expect(from).toBeGreaterThanOrEqual(1);
    // No click: the run goes on by itself on the CPU engine.
    await expect.poll(() => iteration(page), { timeout: 120_000 }).toBeGreaterThan(from);
    await expect(page.getByTestId('btn-run')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('btn-run').click(); // pause
    await waitIdle(page);
    const n = await iteration(page);
    await expect(page.getByTestId('chart-scores')).toHaveAttribute('data-points', String(n));
    await expect(page.getByTestId('use-cpu')).toHaveCount(0);
    await expect(page.getByTestId('engine-error')).toHaveCount(0);
    await shot(page, testInfo, 'device-lost');
    await stepIteration(page);
    expect(await iteration(page)).toBe(n + 1);
  });
});
