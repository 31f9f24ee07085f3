import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { iteration, openPlayground, pageErrors, shot, stepIteration } from './helpers';

// Whatever throws while the page is drawn shows the error screen (src/ui/ErrorBoundary.tsx), never
// a blank page: its two ways out work, by keyboard too, in English and 中文.
const query = '?preset=micro&engine=cpu&batchSize=8&seed=7&debug=1';
const crash = () => (window as unknown as { __rlhf: { renderCrash(): void } }).__rlhf.renderCrash();

test.describe('a drawing error', () => {
  test('shows a message with "start afresh" and "export what was saved"; both work', async ({ page }, testInfo) => {
    const errors = pageErrors(page);
    await openPlayground(page, query);
    await stepIteration(page);
    expect(await iteration(page)).toBe(1);
    await page.evaluate(crash);
    const screen = page.getByTestId('error-screen');
    await expect(screen).toBeVisible();
    await expect(page.getByTestId('playground')).toHaveCount(0);
    await expect(screen.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(screen.getByRole('alert')).toContainText('a drawing error on purpose');
    const axe = await new AxeBuilder({ page }).include('[data-testid="error-screen"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await shot(page, testInfo, 'error-screen');

    // Export: the current run as a run file the library can import again.
    const download = page.waitForEvent('download');
    await screen.getByRole('button', { name: 'Export what was saved' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^rlhf-run-.*\.json$/);
    const run = JSON.parse(readFileSync((await file.path())!, 'utf8')) as { meta: { iteration: number }; weights: unknown };
    expect(run.meta.iteration).toBe(1);
    expect(run.weights).not.toBeNull();
    await expect(page.getByTestId('recovery-outcome')).toHaveText(`Downloaded 1 file: ${file.suggestedFilename()}.`);

    // Start afresh, by keyboard: a fresh run at iteration 0; the old run is still in the library.
    await screen.getByRole('button', { name: 'Start afresh' }).focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: 240_000 });
    expect(await iteration(page)).toBe(0);
    await expect(page.locator('[data-testid="run-row"][data-iterations="1"]')).toHaveCount(1);
    expect(errors).toEqual([]);
  });

  test('the error screen in 中文', async ({ page }) => {
    await openPlayground(page, `${query}&lang=zh`);
    await page.evaluate(crash);
    const screen = page.getByTestId('error-screen');
    await expect(screen.getByRole('heading', { level: 1 })).toHaveText('页面遇到了意外错误');
    await expect(screen.getByRole('button', { name: '重新开始' })).toBeVisible();
    const download = page.waitForEvent('download');
    await screen.getByRole('button', { name: '导出已保存的内容' }).click();
    await expect(page.getByTestId('recovery-outcome')).toHaveText(`已下载 1 个文件：${(await download).suggestedFilename()}。`);
  });
});
