import { expect, test } from '@playwright/test';
import { iteration, openPlayground, stepIteration } from './helpers';
import { grow, QUERY, waitSaved } from './runs-helpers';

// Tracing snapshots the page at every step and would dominate the times measured here.
test.use({ trace: 'off' });

test('a 100,000-iteration history opens in under 2 s (more than the same page with one iteration, side by side)', async ({ page }, testInfo) => {
  await openPlayground(page, QUERY);
  await stepIteration(page);
  await waitSaved(page, 1);
  const reload = async (n: number) => {
    const t0 = Date.now();
    await page.reload();
    await expect(page.getByTestId('charts-panel')).toHaveAttribute('data-points', String(n), { timeout: 60_000 });
    await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready');
    return Date.now() - t0;
  };
  const one = await reload(1);
  await grow(page, 100_000);
  const big = await reload(100_000);
  testInfo.annotations.push({ type: 'open time', description: `reload to a ready page: ${one} ms with 1 iteration, ${big} ms with 100,000` });
  expect(await iteration(page)).toBe(100_000);
  expect(big - one).toBeLessThan(2000);
});
