import { expect, test } from '@playwright/test';
import { expectNoSeriousViolations } from './a11y';
import { ENGINE_TIMEOUT, openPlayground, pageErrors, stepIteration, waitIdle } from './helpers';

// The CPU engine in the page runs the WebAssembly SIMD kernels (on helper threads: the preview
// server sends COOP/COEP), and choosing a larger model there first says what an iteration will
// cost, measured from the current one; switching loads the shipped `small` checkpoints.
test.describe('model size on the CPU engine', () => {
  test('the page says what a small iteration will cost before switching, and the switch runs small', async ({ page }) => {
    const errors = pageErrors(page);
    await openPlayground(page, '?engine=cpu&seed=3');
    const badge = page.getByTestId('engine-badge');
    await expect(badge).toHaveAttribute('data-engine', 'cpu');
    await expect(badge).toHaveAttribute('data-cpu-kernels', /^wasm/);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(badge).toHaveAttribute('data-cpu-threads', String(Math.min(4, cores)));

    const select = page.getByTestId('preset-select');
    await expect(select).toHaveValue('tiny');
    // Before any iteration: the arithmetic ratio only. Keyboard only: the arrow chooses small, the
    // question takes the focus (on "keep"), axe finds nothing serious in it, Escape keeps tiny and
    // gives the focus back to the select.
    await select.focus();
    await page.keyboard.press('ArrowDown');
    const confirm = page.getByTestId('preset-confirm');
    await expect(confirm).toBeVisible();
    await expect(page.getByTestId('preset-confirm-no')).toBeFocused();
    await expect(confirm).toHaveAttribute('data-seconds', '');
    const ratio = Number(await confirm.getAttribute('data-ratio'));
    expect(ratio).toBeGreaterThan(10);
    await expectNoSeriousViolations(page, 'preset-confirm', ['[data-testid=preset-confirm]']);
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(select).toHaveValue('tiny');
    await expect(select).toBeFocused();

    // After one tiny iteration: a time, scaled from it.
    await stepIteration(page);
    const timing = page.getByTestId('timing');
    await expect(timing).toHaveAttribute('data-complete', 'true');
    const tinyMs = Number(await timing.getAttribute('data-engine-ms'));
    await select.selectOption('small');
    await expect(confirm).toBeVisible();
    const seconds = Number(await confirm.getAttribute('data-seconds'));
    // An estimate (src/state/preset-cost-model.ts), not the FLOP ratio: more than tiny's first
    // iteration, less than it times the arithmetic (small runs faster per FLOP; a first iteration is slow).
    expect(seconds).toBeGreaterThan(tinyMs / 1000);
    expect(seconds).toBeLessThan((tinyMs / 1000) * Number(await confirm.getAttribute('data-ratio')));
    await expect(confirm).toContainText('small');
    await expect(confirm).toContainText('s on the CPU engine');
    await page.getByTestId('preset-confirm-yes').click();
    await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: ENGINE_TIMEOUT });
    await waitIdle(page);
    await expect(select).toHaveValue('small');
    expect(page.url()).toContain('preset=small');
    await expect(page.getByTestId('stages-panel')).toHaveAttribute('data-source', 'checkpoint'); // the shipped small checkpoints
    await stepIteration(page);
    await expect(timing).toHaveAttribute('data-complete', 'true');
    const smallMs = Number(await timing.getAttribute('data-engine-ms'));
    console.log(`[model size] tiny iteration ${tinyMs.toFixed(0)} ms → estimate for small ${seconds.toFixed(2)} s; measured small ${(smallMs / 1000).toFixed(2)} s`);
    expect(smallMs).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
