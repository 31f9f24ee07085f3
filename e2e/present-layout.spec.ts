import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './a11y';
import { checkTicks } from './chart-checks';
import { baseQuery } from './flows';
import { iteration, openPlayground, stepIteration, waitIdle } from './helpers';

/**
 * Issue #11, layout: projector mode is a one-screen dashboard at 1280×720; a phone (390×844) has
 * no sideways page scroll, a top bar that folds away, tables that scroll inside their card with a
 * visible cue and a legible pipeline. Screenshots of each are kept as artifacts. (At 1280 and
 * 1440 px the feedback table's ★ cells: present-defects.spec.ts, on its page with two iterations.)
 */

const box = async (l: Locator) => (await l.boundingBox())!;

async function noSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test.describe('layout', () => {
  test('projector mode at 1280×720: one screen with the phase, its step button, before/after answers, the key chart', async ({ browser }, testInfo) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await openPlayground(page, baseQuery('cpu', '&projector=1'));
    const dash = page.getByTestId('dashboard');
    await expect(page.getByTestId('compare-row')).toHaveCount(3);
    // Iteration 0: the actor is the reference, so before and after are the same answers.
    for (let i = 0; i < 3; i++) {
      const row = page.getByTestId('compare-row').nth(i);
      expect(await row.getByTestId('compare-after').getAttribute('data-text')).toBe(await row.getByTestId('compare-before').getAttribute('data-text'));
    }
    const before0 = await page.getByTestId('compare-before').allTextContents();
    // The dashboard's own step button runs the next phase; three of them make an iteration.
    for (const phase of ['sample', 'feedback', 'learn']) {
      await expect(page.getByTestId('dash-step')).toHaveAttribute('data-next', phase);
      await page.getByTestId('dash-step').click();
      await waitIdle(page);
    }
    expect(await iteration(page)).toBe(1);
    await stepIteration(page);
    await expect(page.getByTestId('compare')).toHaveAttribute('data-iteration', '2');
    // The reference's answers are the same prompts and answers as before; gold and RM scores are numbers.
    expect(await page.getByTestId('compare-before').allTextContents()).toEqual(before0);
    for (const id of ['compare-before-gold', 'compare-before-score', 'compare-after-gold', 'compare-after-score']) {
      const v = await page.getByTestId(id).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
      expect(v.every(Number.isFinite), id).toBe(true);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    // Everything of the dashboard is on the first screen, nothing cut at the bottom or the side.
    const d = await box(dash);
    expect(d.y).toBeGreaterThanOrEqual(0);
    expect(d.y + d.height).toBeLessThanOrEqual(720 + 1);
    for (const id of ['dash-step', 'dash-run', 'dash-iteration', 'dash-narration', 'compare', 'chart-dash-scores']) {
      const b = await box(page.getByTestId(id));
      expect(b.x >= -1 && b.y >= -1 && b.x + b.width <= 1281 && b.y + b.height <= 721, `${id} at ${JSON.stringify(b)}`).toBe(true);
    }
    // The answers are not cut by their card either.
    const card = await box(page.locator('.dash-answers')), table = await box(page.getByTestId('compare'));
    expect(table.x + table.width).toBeLessThanOrEqual(card.x + card.width + 1);
    expect(table.y + table.height).toBeLessThanOrEqual(card.y + card.height + 1);
    await noSidewaysScroll(page);
    // Readable from the back: large type that headings follow, a plot that is not a thin strip, clean ticks.
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThanOrEqual(20);
    expect(await page.getByTestId('dash-step').evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(22);
    const plot = await box(page.getByTestId('chart-dash-scores').locator('.recharts-wrapper'));
    expect(plot.height).toBeGreaterThanOrEqual(300);
    await checkTicks(page.getByTestId('chart-dash-scores'));
    await page.screenshot({ path: testInfo.outputPath('projector-1280x720.png') });
    await expectNoSeriousViolations(page, 'projector-en', ['[data-testid=dashboard]']); // 中文: present-a11y.spec.ts
    // The charts further down follow the font too.
    await checkTicks(page.getByTestId('chart-kl'));
    await context.close();
  });

  test('phone 390×844: no sideways page scroll, the settings fold away, tables scroll in their card, the pipeline stacks, a tap inspects', async ({ browser }, testInfo) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await openPlayground(page, baseQuery('cpu'));
    // The settings are folded away; the run controls are what stays on screen, and they are small.
    await expect(page.getByTestId('scenario-select')).toBeHidden();
    await page.getByTestId('topbar-toggle').click();
    await expect(page.getByTestId('scenario-select')).toBeVisible();
    await page.getByTestId('topbar-toggle').click();
    await stepIteration(page);
    await noSidewaysScroll(page);
    await page.evaluate(() => window.scrollTo(0, 2000));
    const runbar = await box(page.getByTestId('runbar'));
    expect(runbar.y).toBeLessThanOrEqual(1);
    expect(runbar.height).toBeLessThanOrEqual(844 * 0.15);
    // Wide tables scroll inside their card, with a visible cue.
    const scroll = page.getByTestId('fb-scroll');
    await scroll.scrollIntoViewIfNeeded();
    await expect(scroll).toHaveAttribute('data-overflow', 'right');
    await expect(page.getByTestId('fb-scroll-more')).toBeVisible();
    await page.getByTestId('fb-scroll-more').tap();
    await expect(scroll).toHaveAttribute('data-overflow', /left|both/);
    // The pipeline: the phases one under the other, each drawn at least at 0.8 of its size.
    const [a, b, c] = await Promise.all(['sample', 'feedback', 'learn'].map((p) => box(page.getByTestId(`pipe-${p}`))));
    expect(b.y).toBeGreaterThan(a.y + a.height - 1);
    expect(c.y).toBeGreaterThan(b.y + b.height - 1);
    const scale = await page.getByTestId('pipe-feedback').evaluate((svg) => svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width);
    expect(scale).toBeGreaterThanOrEqual(0.8);
    // Inspect follows a tap on a cell (the table scrolled back to its first columns).
    await scroll.locator('.scroll-inner').evaluate((e) => { e.scrollLeft = 0; });
    const cell = page.locator('[data-testid=fb-cell][data-kind=kl][data-b="2"][data-t="1"]');
    await cell.scrollIntoViewIfNeeded();
    await cell.tap();
    await expect(page.getByTestId('inspect')).toHaveAttribute('data-b', '2');
    await expect(page.getByTestId('inspect')).toHaveAttribute('data-t', '1');
    await noSidewaysScroll(page);
    // The phase's formulas are wider than a phone: each scrolls in its card, and the keyboard reaches it (axe: scrollable-region-focusable).
    const formulas = page.getByTestId('explain-formulas').getByTestId('tex');
    const wide = await formulas.evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
    expect(wide, 'formulas wider than a phone').toBeGreaterThan(0);
    await expect(page.getByTestId('explain-formulas').locator('[data-testid=tex][tabindex="0"][role=group]')).toHaveCount(wide);
    await expectNoSeriousViolations(page, 'phone', ['header', '[data-testid=runbar]', '[data-testid=pipeline]', '[data-testid=feedback-panel]', '[data-testid=explanation]']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: testInfo.outputPath('phone-390x844.png') });
    await page.screenshot({ path: testInfo.outputPath('phone-390x844-full.png'), fullPage: true });
    await context.close();
  });
});
