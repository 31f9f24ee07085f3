import { expect, test } from '@playwright/test';

// The served app's diagnostics view (?view=diagnostics) acquires a real WebGPU device (SwiftShader
// here), runs every kernel's GPU-vs-CPU check in the page and shows the verdict; this test reads it.
test('the page reports the adapter and every kernel passes its self-check', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?view=diagnostics');
  await expect(page.getByTestId('adapter-summary')).not.toBeEmpty();
  const status = page.getByTestId('selfcheck-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  const total = Number(await status.getAttribute('data-total'));
  const failed = Number(await status.getAttribute('data-failed'));
  const rows = await page.getByTestId('selfcheck-row').allInnerTexts();
  console.log(`adapter: ${await page.getByTestId('adapter-summary').innerText()}\n${rows.join('\n')}`);
  expect(total).toBeGreaterThan(0);
  expect(await page.getByTestId('selfcheck-row').count()).toBe(total);
  expect(failed, rows.filter((r) => /FAIL/.test(r)).join('\n')).toBe(0);
  await expect(status).toHaveText(`all ${total} kernel checks pass`);
  // The GPU memory the engine holds (buffer-pool counters): every byte created is in use or free for reuse.
  const memory = page.getByTestId('gpu-memory');
  const [inUse, free, created] = await Promise.all(['data-in-use', 'data-free', 'data-created'].map(async (a) => Number(await memory.getAttribute(a))));
  expect(created).toBeGreaterThan(0);
  expect(inUse + free).toBe(created);
  await expect(memory).toContainText(`in use`);
  await page.screenshot({ path: testInfo.outputPath('selfcheck.png'), fullPage: true });
  expect(errors).toEqual([]);
});
