import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { startStaticHost, SUB_PATH } from './bridge-server';
import { ENGINE_TIMEOUT, pageErrors, stepIteration, waitIdle } from './helpers';

// Issue #16 in one browser spec sharing one build (dist/) and one static host: the app served from a
// sub-path with the documented headers, installed as the offline app and used with the network off
// (an iteration, the reward model retrained on the class's labels, the TRL export), and embedded in
// a course page.
const RUN = '?preset=micro&engine=cpu&batchSize=16&seed=7';
const EMBED = `?embed=1&lesson=first-look&preset=micro&engine=cpu&batchSize=16&seed=7`;

test.use({ serviceWorkers: 'allow' });
test.describe.configure({ mode: 'serial' });

let host: { url: string; server: Server };
test.beforeAll(async () => {
  host = await startStaticHost('dist', EMBED);
});
test.afterAll(async () => {
  await new Promise((resolve) => host.server.close(resolve));
});

async function ready(page: Page) {
  await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: ENGINE_TIMEOUT });
  await waitIdle(page);
}

/** Bytes held by the service worker's caches (every cached response's body). */
const cacheBytes = (page: Page) =>
  page.evaluate(async () => {
    let bytes = 0, files = 0;
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        bytes += (await (await cache.match(req))!.blob()).size;
        files++;
      }
    }
    return { bytes, files };
  });

test('from a sub-path, offline after one visit: an iteration, the reward model on the class\'s labels, the TRL export', async ({ page, context }) => {
  const errors = pageErrors(page);
  await page.goto(`${host.url}${SUB_PATH}${RUN}`);
  await ready(page);
  expect(await page.evaluate(() => crossOriginIsolated), 'the documented headers make the page cross-origin isolated').toBe(true);
  await expect(page.getByTestId('offline-ready')).toBeAttached({ timeout: ENGINE_TIMEOUT }); // every file precached
  const cached = await cacheBytes(page);
  console.log(`offline cache: ${cached.files} files, ${(cached.bytes / 2 ** 20).toFixed(1)} MiB`);
  expect(cached.bytes).toBeGreaterThan(30 * 2 ** 20); // onnxruntime's wasm (28 MB) is in it

  await context.setOffline(true);
  await page.reload();
  await ready(page);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page came from the service worker').toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated), 'the cached page keeps its headers').toBe(true);
  await stepIteration(page);
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '1');

  // The class labels two pairs; the reward model is retrained on them.
  await page.getByTestId('labeler-steps').fill('2');
  await page.getByTestId('labeler-new').click();
  await waitIdle(page);
  await page.getByTestId('label-pair').nth(0).getByTestId('label-a').click();
  await page.getByTestId('label-pair').nth(1).getByTestId('label-b').click();
  await page.getByTestId('labeler-retrain').click();
  await waitIdle(page);
  await expect(page.getByTestId('labeler-result')).toHaveAttribute('data-pairs', '2');

  // Export to TRL, still offline: a zip whose class file holds the two labels.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-trl').click()]);
  expect(download.suggestedFilename()).toBe('trl-reviews-ppo-seed7.zip');
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  const root = 'trl-reviews-ppo-seed7/';
  expect(Object.keys(files).sort()).toEqual(['README.md', 'data/class_preferences.jsonl', 'data/gold_reward.py', 'data/preferences.jsonl', 'data/prompts.jsonl', 'data/sft.jsonl', 'train.ipynb', 'train.py'].map((f) => root + f));
  const classPairs = strFromU8(files[`${root}data/class_preferences.jsonl`]).trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  expect(classPairs).toHaveLength(2);
  expect(strFromU8(files[`${root}train.py`])).toContain('from trl.experimental.ppo import PPOConfig, PPOTrainer');
  expect(strFromU8(files[`${root}README.md`])).toContain('| iterations | 1 |');
  await context.setOffline(false);
  expect(errors).toEqual([]);
});
