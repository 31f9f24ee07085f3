import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './a11y';
import { baseQuery } from './flows';
import { openPlayground, stepPhase, waitIdle } from './helpers';

/**
 * Issue #11, accessibility: no critical or serious axe violation on the start page, each phase
 * panel, projector mode and in both languages; token grids are one tab stop with arrow keys inside;
 * Inspect follows the keyboard focus and taps; Space steps unless a form field has the focus; the
 * browser's language picks 中文 or English when the link has none.
 */

const inspectAt = async (page: Page) => [await page.getByTestId('inspect').getAttribute('data-b'), await page.getByTestId('inspect').getAttribute('data-t')];

test.describe('accessibility and the keyboard', () => {
  test('axe finds nothing serious (start page, lesson picker and glossary popup, the three phase panels, 中文, projector mode); token grids are one tab stop with arrow keys and Inspect follows the focus; Space steps unless in a field', async ({ page }) => {
    test.setTimeout(360_000); // axe is slow on the token tables when the machine is busy
    await openPlayground(page, baseQuery('cpu'));
    await expectNoSeriousViolations(page, 'start');
    // The lesson picker and a glossary popup (issue #10's UI), opened by the keyboard.
    await page.getByTestId('term').first().focus();
    await expect(page.getByTestId('term-tip')).toBeVisible();
    await expectNoSeriousViolations(page, 'lesson picker and glossary popup', ['.lesson-picker', '[data-testid=term-tip]']);
    await page.getByTestId('term').first().blur();

    await stepPhase(page, 'sample');
    await expect(page.getByTestId('sampling-panel')).toHaveAttribute('data-state', 'done');
    const tokens = page.getByTestId('sample-token');
    // The answers are one tab stop: exactly one token is in the tab order.
    expect(await page.locator('[data-testid=sample-token][tabindex="0"]').count()).toBe(1);
    expect(await tokens.count()).toBeGreaterThan(20);
    await tokens.first().focus();
    await expect(tokens.first()).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('[data-testid=sample-token][data-b="0"][data-t="1"]')).toBeFocused();
    expect(await inspectAt(page)).toEqual(['0', '1']);
    await expect(page.getByTestId('topk')).toHaveAttribute('data-t', '1');
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('[data-testid=sample-token][data-b="1"][data-t="1"]')).toBeFocused();
    expect(await inspectAt(page)).toEqual(['1', '1']);
    // Tab leaves the grid at once (one stop), Shift+Tab comes back to the token last visited.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).not.toBe('sample-token');
    await page.keyboard.press('Shift+Tab');
    await expect(page.locator('[data-testid=sample-token][data-b="1"][data-t="1"]')).toBeFocused();

    // Right after clicking a token, Space steps the run (it used to press the token again).
    await page.locator('[data-testid=sample-token][data-b="0"][data-t="0"]').click();
    await page.keyboard.press(' ');
    await waitIdle(page);
    await expect(page.getByTestId('btn-step-phase')).toHaveAttribute('data-next', 'learn');

    // The feedback table: one tab stop, arrows move, Inspect follows.
    const table = page.getByTestId('feedback-table');
    expect(await table.locator('[tabindex="0"]').count()).toBe(1);
    await table.locator('[tabindex="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const focused = page.locator('[data-testid=feedback-table] :focus');
    await expect(focused).toHaveAttribute('data-kind', 'logprob');
    expect(await inspectAt(page)).toEqual([await focused.getAttribute('data-b'), await focused.getAttribute('data-t')]);
    // Ctrl+End: the last cell of the table (the last answer's last reward cell), scrolled into view.
    await page.keyboard.press('Control+End');
    const last = page.locator('[data-testid=feedback-table] :focus');
    await expect(last).toHaveAttribute('data-kind', 'reward');
    await expect(last).toBeInViewport();

    // Space in a text field types a space; it does not step.
    await page.getByTestId('hp-klCoef').focus();
    await page.keyboard.press(' ');
    await page.waitForTimeout(300);
    await expect(page.getByTestId('busy')).toHaveAttribute('data-state', 'idle');
    await expect(page.getByTestId('btn-step-phase')).toHaveAttribute('data-next', 'learn');
    await expect(page.getByTestId('hp-klCoef')).toHaveValue(/ $/);
    await page.getByTestId('hp-klCoef').blur();

    // One scan after the whole iteration covers the three phase panels (each shows its numbers until the next sampling).
    await stepPhase(page, 'learn');
    await expect(page.getByTestId('learning-panel')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('sampling-panel')).toHaveAttribute('data-state', 'done');
    await expectNoSeriousViolations(page, 'learning (whole page)');
    await page.getByTestId('lang-select').selectOption('zh');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expectNoSeriousViolations(page, 'zh', ['header', '[data-testid=runbar]', '[data-testid=learning-panel]', '[data-testid=hyperparams]', '[data-testid=stages-panel]']);
    await page.getByTestId('projector-toggle').check();
    await expect(page.getByTestId('compare-row')).toHaveCount(3);
    await expectNoSeriousViolations(page, 'projector-zh', ['[data-testid=dashboard]']);
  });

  test('without lang= the browser’s language picks 中文 or English', async ({ browser }) => {
    for (const [locale, lang, text] of [['zh-CN', 'zh-CN', '采样'], ['en-GB', 'en', 'Sampling']] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`/${baseQuery('cpu')}`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByTestId('explain-sample')).toHaveText(text);
      if (locale === 'zh-CN') {
        // The link wins over the browser (and over the page's own earlier visit in 中文).
        await page.goto(`/${baseQuery('cpu', '&lang=en')}`);
        await expect(page.locator('html')).toHaveAttribute('lang', 'en');
        await expect(page.getByTestId('explain-sample')).toHaveText('Sampling');
      }
      await context.close();
    }
  });
});
