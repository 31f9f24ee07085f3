import { expect, type Page, type TestInfo } from '@playwright/test';

/** Shared steps of the playground specs. Every number read here comes from a data-value attribute (the engine's float). */

export const ENGINE_TIMEOUT = 240_000;

export async function openPlayground(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: ENGINE_TIMEOUT });
  await expect(page.getByTestId('busy')).toHaveAttribute('data-state', 'idle', { timeout: ENGINE_TIMEOUT });
}

export async function waitIdle(page: Page): Promise<void> {
  await expect(page.getByTestId('busy')).toHaveAttribute('data-state', 'idle', { timeout: ENGINE_TIMEOUT });
}

/** Clicks "Step: <phase>" and waits for the engine to finish it. */
export async function stepPhase(page: Page, expected: 'sample' | 'feedback' | 'learn'): Promise<void> {
  const btn = page.getByTestId('btn-step-phase');
  await expect(btn).toHaveAttribute('data-next', expected);
  await btn.click();
  await waitIdle(page);
}

export async function stepIteration(page: Page): Promise<void> {
  await page.getByTestId('btn-step-iteration').click();
  await waitIdle(page);
}

export async function iteration(page: Page): Promise<number> {
  return Number(await page.getByTestId('iteration').getAttribute('data-value'));
}

export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // From the top: the sticky top bar would otherwise be drawn mid-page in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** All data-value attributes of the elements matching `selector`, keyed "b,t" (or "b"). */
export async function values(page: Page, selector: string): Promise<Map<string, number>> {
  const rows = await page.locator(selector).evaluateAll((els) =>
    els.map((e) => [`${e.getAttribute('data-b')}${e.hasAttribute('data-t') ? `,${e.getAttribute('data-t')}` : ''}`, Number(e.getAttribute('data-value'))] as const),
  );
  return new Map(rows);
}

export const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/** The first answers' texts as shown in the sampling panel. */
export async function answerTexts(page: Page): Promise<string[]> {
  return page.getByTestId('sample-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-text') ?? ''));
}

/** Collects uncaught page errors (a test ends by asserting there were none). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** What a progress bar showed while it was on screen: one entry per change (placement, step, text, sparkline points, visible). */
export type ProgressSeen = { placement: string; stage: string; step: number; steps: number; text: string; sparkline: number; visible: boolean };

/**
 * Starts recording every state of the progress bars (call before the click that starts the work).
 * Training can finish within one poll of an `expect` on a fast engine, so the page itself notes each
 * state as the DOM changes; `progressSeen` reads the notes.
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __progressSeen: unknown[] };
    w.__progressSeen = [];
    let last = '';
    const note = () => {
      for (const el of document.querySelectorAll<HTMLElement>('[data-testid=progress]')) {
        const r = el.getBoundingClientRect();
        const spark = el.querySelector('[data-testid=progress-sparkline]');
        const entry = {
          placement: el.dataset.placement ?? '', stage: el.dataset.stage ?? '', step: Number(el.dataset.step), steps: Number(el.dataset.steps),
          text: el.textContent ?? '', sparkline: Number(spark?.getAttribute('data-points') ?? 0), visible: r.width > 0 && r.height > 0,
        };
        const key = JSON.stringify(entry);
        if (key !== last) w.__progressSeen.push(entry);
        last = key;
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

export async function progressSeen(page: Page): Promise<ProgressSeen[]> {
  return page.evaluate(() => (window as unknown as { __progressSeen: ProgressSeen[] }).__progressSeen);
}

/** The labeler: two new pairs from the reference, labelled A then B, and the reward model retrained on them. */
export async function labelTwoAndRetrain(page: Page): Promise<void> {
  await page.getByTestId('labeler-steps').fill('2');
  await page.getByTestId('labeler-new').click();
  await waitIdle(page);
  await page.getByTestId('label-pair').nth(0).getByTestId('label-a').click();
  await page.getByTestId('label-pair').nth(1).getByTestId('label-b').click();
  await page.getByTestId('labeler-retrain').click();
  await waitIdle(page);
  await expect(page.getByTestId('labeler-result')).toHaveAttribute('data-pairs', '2');
}
