import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoSeriousViolations } from './a11y';
import { startStaticHost, SUB_PATH } from './bridge-server';
import { ENGINE_TIMEOUT, labelTwoAndRetrain, pageErrors, stepIteration, waitIdle } from './helpers';

// Issue #16 in one browser spec sharing one build (dist/) and one static host: the app served from a
// sub-path with the documented headers, installed as the offline app and used with the network off
// (an iteration, the reward model retrained on the class's labels, the TRL export), and embedded in
// a course page.
const RUN = '?preset=micro&engine=cpu&batchSize=16&seed=7';
const EMBED = `?embed=1&lesson=first-look&preset=micro&engine=cpu&batchSize=16&seed=7`;

test.use({ serviceWorkers: 'allow' });
test.describe.configure({ mode: 'serial' });

let host: Awaited<ReturnType<typeof startStaticHost>>;
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
    let bytes = 0;
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        bytes += (await (await cache.match(req))!.blob()).size;
        urls.push(new URL(req.url).pathname);
      }
    }
    return { bytes, files: urls.length, urls };
  });

test('from a sub-path, offline after one visit: an iteration, the reward model on the class\'s labels, the TRL export; an update waits for the run', async ({ page, context }) => {
  test.setTimeout(360_000); // four page loads (one offline, one an update), the labeler and a short run
  const errors = pageErrors(page);
  await page.goto(`${host.url}${SUB_PATH}${RUN}`);
  await ready(page);
  expect(await page.evaluate(() => crossOriginIsolated), 'the documented headers make the page cross-origin isolated').toBe(true);
  await expect(page.getByTestId('offline-ready')).toBeAttached({ timeout: ENGINE_TIMEOUT }); // every file precached
  const cached = await cacheBytes(page);
  console.log(`offline cache: ${cached.files} files, ${(cached.bytes / 2 ** 20).toFixed(1)} MiB`);
  // What the issue names: the page, its workers, onnxruntime-web's wasm and the shipped checkpoints.
  for (const want of [/\/course\/rlhf\/index\.html$/, /engine\.worker-.*\.js$/, /pool-worker-.*\.js$/, /ort-wasm.*\.wasm$/, /models\/reviews\/micro\/sft\.ckpt$/, /models\/arithmetic\/tiny\/sft\.ckpt$/, /models\/reviews\/small\/reward\.ckpt$/]) {
    expect(cached.urls.some((u) => want.test(u)), `cached: ${want}`).toBe(true);
  }

  await context.setOffline(true);
  await page.reload();
  await ready(page);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page came from the service worker').toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated), 'the cached page keeps its headers').toBe(true);
  // The shipped checkpoints came from the cache (without them the tab would train SFT and the reward model itself).
  await expect(page.getByTestId('stages-panel')).toHaveAttribute('data-source', 'checkpoint');
  await stepIteration(page);
  await expect(page.getByTestId('iteration')).toHaveAttribute('data-value', '1');

  // The class labels two pairs; the reward model is retrained on them.
  await labelTwoAndRetrain(page);

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

  // A new version is deployed while a run is going: it announces itself and waits; it is taken only
  // once the run is paused, and the run resumes from the library after the reload.
  host.newVersion();
  await page.getByTestId('btn-run').click();
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  await expect(page.getByTestId('update-waiting')).toBeVisible({ timeout: ENGINE_TIMEOUT });
  await expect(page.getByTestId('update-now')).toBeDisabled();
  await expect(page.getByTestId('btn-run')).toHaveAttribute('aria-pressed', 'true'); // the run goes on
  // …and completes iterations meanwhile (the update can be found before the first one ends: wait for one).
  await expect.poll(async () => Number(await page.getByTestId('iteration').getAttribute('data-value')), { timeout: ENGINE_TIMEOUT }).toBeGreaterThan(1);
  await page.getByTestId('btn-run').click();
  await waitIdle(page);
  const before = Number(await page.getByTestId('iteration').getAttribute('data-value'));
  expect(before).toBeGreaterThan(1);
  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-now').click()]);
  await ready(page);
  await expect(page.getByTestId('update-waiting')).toHaveCount(0);
  expect(Number(await page.getByTestId('iteration').getAttribute('data-value')), 'the run resumed where it was').toBe(before);
  expect(errors).toEqual([]);
});

test('installable: Chrome finds nothing missing for installing the app served from the sub-path', async ({ playwright }, testInfo) => {
  // Playwright's usual contexts are incognito, where nothing installs: a persistent profile asks the real question.
  const profile = await mkdtemp(join(tmpdir(), 'rlhf-install-'));
  const context = await playwright.chromium.launchPersistentContext(profile, { ...testInfo.project.use.launchOptions, serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    await page.goto(`${host.url}${SUB_PATH}${RUN}`);
    await ready(page);
    const cdp = await context.newCDPSession(page);
    await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e: { errorId: string }) => e.errorId), { timeout: ENGINE_TIMEOUT }).toEqual([]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('embedded in a course page (not cross-origin isolated): the lesson\'s panels only, a phase stepped inside the iframe, a link to the full playground', async ({ page }, testInfo) => {
  const errors = pageErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${host.url}/course.html`);
  const frame = page.frameLocator('#playground');
  await expect(frame.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: ENGINE_TIMEOUT });
  await expect(frame.getByTestId('playground')).toHaveAttribute('data-embed', '1');
  // No page chrome: no settings bar, run library, settings panel or footer; the lesson and its panels.
  await expect(frame.getByTestId('lesson')).toHaveAttribute('data-lesson', 'first-look');
  for (const absent of ['topbar-settings', 'scenario-select', 'hyperparams', 'runs-panel']) await expect(frame.getByTestId(absent)).toHaveCount(0);
  await expect(frame.locator('footer')).toHaveCount(0);
  const step = frame.getByTestId('btn-step-phase');
  await expect(step).toHaveAttribute('data-next', 'sample');
  await step.click();
  await expect(frame.getByTestId('busy')).toHaveAttribute('data-state', 'idle', { timeout: ENGINE_TIMEOUT });
  await expect(step).toHaveAttribute('data-next', 'feedback');
  await expect(frame.getByTestId('sample-row').first()).toBeVisible();
  // Keyboard only: Space steps the next phase inside the iframe too.
  await frame.locator('body').press('Space');
  await expect(step).toHaveAttribute('data-next', 'learn', { timeout: ENGINE_TIMEOUT });
  await expect(frame.getByTestId('busy')).toHaveAttribute('data-state', 'idle', { timeout: ENGINE_TIMEOUT });
  await expectNoSeriousViolations(page, 'embedded');
  expect(page.frames()[1].url(), 'the iframe\'s address stays embedded when the app rewrites it').toContain('embed=1');
  const link = frame.getByTestId('embed-full-link');
  await expect(link).toHaveAttribute('target', '_blank');
  const href = new URL((await link.getAttribute('href'))!);
  expect(href.pathname).toBe(SUB_PATH);
  expect(Object.fromEntries(href.searchParams)).toMatchObject({ lesson: 'first-look', preset: 'micro', seed: '7', batchSize: '16' });
  expect(href.searchParams.has('embed')).toBe(false);
  await page.screenshot({ path: testInfo.outputPath('embedded-1280.png') });
  expect(errors).toEqual([]);
});
