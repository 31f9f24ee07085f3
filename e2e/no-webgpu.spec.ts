import { expect, test } from '@playwright/test';

// Chromium launched with WebGPU switched off: the page must say so clearly, not go blank.
test('without WebGPU the page shows a clear message instead of a blank page', async ({ page }) => {
  await page.goto('/');
  const hasGpu = await page.evaluate(async () => Boolean(navigator.gpu && (await navigator.gpu.requestAdapter())));
  expect(hasGpu, 'this launch was meant to have no WebGPU adapter').toBe(false);
  const banner = page.getByTestId('webgpu-unavailable');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('WebGPU unavailable');
  await expect(banner).toContainText('CPU engine');
  // Said once (issue #11, defect 7: "WebGPU unavailable. WebGPU unavailable: …").
  expect(((await banner.textContent()) ?? '').match(/WebGPU unavailable/g)).toHaveLength(1);
  await expect(page.getByRole('heading', { name: 'RLHF Playground' })).toBeVisible();
});

// The whole playground still works: the CPU engine runs an iteration.
test('without WebGPU the playground runs on the CPU engine', async ({ page }) => {
  await page.goto('/?preset=micro&batchSize=16');
  await expect(page.getByTestId('webgpu-unavailable')).toBeVisible();
  await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('engine-badge')).toHaveAttribute('data-engine', 'cpu');
  await page.getByTestId('btn-step-iteration').click();
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '1', { timeout: 120_000 });
  await expect(page.getByTestId('chart-scores')).toHaveAttribute('data-points', '1');
});
