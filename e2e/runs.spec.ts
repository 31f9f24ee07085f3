import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ENGINE_TIMEOUT, iteration, openPlayground, pageErrors, shot, stepIteration, waitIdle } from './helpers';
import { expectNoSeriousViolations } from './a11y';
import { changeSetting, downloadJson, QUERY, row, steps, waitSaved } from './runs-helpers';

/**
 * The run library (issue #12 and #13's stored state): nothing lost on a seed change, forks that
 * share their history, compare, export → delete → import, replay links that land on the same
 * statistics, two tabs, saves at every boundary, damaged records kept aside. CPU engine, micro.
 */
type RunFile = { meta: { id: string; iteration: number; changes: { at: number }[] }; history: { keys: string[]; rows: number[][] } };

test.describe('run library', () => {
  // Several runs per test (and axe scans): minutes when the machine is shared.
  test.describe.configure({ timeout: 420_000 });
  test('a seed change keeps the run: it reopens at its iteration (replaying itself once its weights are dropped); export → delete → import restores it', async ({ page }, testInfo) => {
    const errors = pageErrors(page);
    page.on('dialog', (d) => void d.accept());
    await openPlayground(page, QUERY);
    await steps(page, 2);
    await waitSaved(page, 2);
    await page.getByTestId('seed-input').fill('8');
    await page.getByTestId('seed-input').press('Enter');
    await expect(page.locator('[data-testid=runs-message][data-key=kept]')).toBeVisible();
    await waitIdle(page);
    expect(await iteration(page)).toBe(0);
    const kept = row(page, 'other');
    await expect(kept).toHaveAttribute('data-iterations', '2');
    await shot(page, testInfo, 'kept');
    // Export → delete → import: the same run (same id, statistics, answers and weights) comes back.
    const id = await kept.getAttribute('data-id');
    const [dl] = await Promise.all([page.waitForEvent('download'), kept.getByTestId('run-export').click()]);
    const file = (await dl.path())!;
    const exported = readFileSync(file, 'utf8');
    await kept.getByTestId('run-delete').click();
    await expect(page.locator(`[data-testid=run-row][data-id="${id}"]`)).toHaveCount(0);
    await page.getByTestId('import-file').setInputFiles(file);
    await expect(page.locator('[data-testid=runs-message][data-key=imported]')).toBeVisible();
    const back = page.locator(`[data-testid=run-row][data-id="${id}"]`);
    await expect(back).toHaveAttribute('data-iterations', '2');
    await expect(back).toHaveAttribute('data-weights', 'true');
    expect(await downloadJson<unknown>(page, () => back.getByTestId('run-export').click())).toEqual(JSON.parse(exported));
    // A damaged file changes nothing and says why.
    await page.getByTestId('import-file').setInputFiles({ name: 'bad-run.json', mimeType: 'application/json', buffer: Buffer.from(exported.replace('"iteration":2', '"iteration":1e12')) });
    await expect(page.locator('[data-testid=runs-message][data-key=import-refused]')).toContainText('bad-run.json');
    await expect(page.getByTestId('run-row')).toHaveCount(1); // the seed-8 run has no iteration yet: nothing to keep
    // Without its weights, the kept run reopens by replaying itself: the same statistics, exactly.
    await back.getByTestId('run-drop-weights').click();
    await expect(back).toHaveAttribute('data-weights', 'false');
    await back.getByTestId('run-open').click();
    await expect(page.getByTestId('current-run')).toHaveAttribute('data-id', id!);
    await expect(page.locator('[data-testid=runs-message][data-key=replayed]')).toBeVisible({ timeout: ENGINE_TIMEOUT });
    await expect(page.getByTestId('seed-input')).toHaveValue('7');
    await waitIdle(page);
    expect(await iteration(page)).toBe(2);
    await expect(page.getByTestId('chart-scores')).toHaveAttribute('data-points', '2');
    await expect(back).toHaveAttribute('data-weights', 'true');
    const replayed = await downloadJson<RunFile>(page, () => back.getByTestId('run-export').click());
    expect(replayed.history.rows).toEqual((JSON.parse(exported) as RunFile).history.rows);
    await stepIteration(page);
    expect(await iteration(page)).toBe(3);
    await waitSaved(page, 3);
    // Rename (kept across the library and the run bar) and duplicate.
    await back.getByTestId('run-rename').click();
    await back.getByTestId('run-rename-input').fill('seed 7, kept');
    await back.getByTestId('run-rename-input').press('Enter');
    await expect(back).toHaveAttribute('data-name', 'seed 7, kept');
    await expect(page.getByTestId('current-run-name')).toHaveValue('seed 7, kept');
    await back.getByTestId('run-duplicate').click();
    await expect(page.getByTestId('run-row')).toHaveCount(2);
    await expect(row(page, 'other')).toHaveAttribute('data-iterations', '3');
    await expect(row(page, 'other')).toHaveAttribute('data-name', /seed 7, kept/);
    // Reset, then a new scenario: each keeps the run it leaves, and says so.
    const keptMessage = page.locator('[data-testid=runs-message][data-key=kept]');
    await page.getByTestId('btn-reset').click();
    await expect(keptMessage).toContainText('seed 7, kept');
    await waitIdle(page);
    expect(await iteration(page)).toBe(0);
    await expect(back).toHaveAttribute('data-current', 'false');
    await expect(back).toHaveAttribute('data-iterations', '3');
    await stepIteration(page);
    await waitSaved(page, 1);
    const afterReset = await row(page, 'current').getAttribute('data-name');
    await page.getByTestId('scenario-select').selectOption('arithmetic');
    await expect(keptMessage).toContainText(afterReset!);
    await waitIdle(page);
    expect(await iteration(page)).toBe(0);
    await expect(page.getByTestId('run-row')).toHaveCount(3);
    await expect(page.locator('[data-testid=run-row][data-iterations="1"]')).toHaveCount(1);
    expect(errors).toEqual([]);
  });

  test('fork at iteration 3, then 2 more each: they share iterations 1–3 and differ after; compare overlays them on every chart', async ({ page }, testInfo) => {
    await openPlayground(page, QUERY);
    await steps(page, 3);
    await changeSetting(page, 'klCoef', '0');
    // Keyboard only: the fork button next to "changes apply from iteration 4".
    await page.getByTestId('fork-pending').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid=runs-message][data-key=forked]')).toBeVisible();
    await steps(page, 2);
    expect(await iteration(page)).toBe(5);
    // Compare: both runs on every chart, a fork marker at 3, the table and the same-prompts answers.
    for (const id of ['scores', 'kl', 'entropy', 'clipfrac', 'approxkl', 'losses', 'varexp', 'length']) {
      await expect(page.getByTestId(`chart-${id}`)).toHaveAttribute('data-runs', '2');
    }
    // One colour per run, the same in every chart; the legend names each run by what sets it apart.
    const legend = (chart: string) => page.getByTestId(`chart-${chart}`).locator('.chart-legend li');
    const colours = (chart: string) => legend(chart).locator('svg line').evaluateAll((ls) => ls.map((l) => l.getAttribute('stroke')));
    const scores = await colours('scores'); // 2 runs × 3 statistics, run by run
    expect(scores).toHaveLength(6);
    expect(new Set(scores.slice(0, 3)).size).toBe(1);
    expect(new Set(scores.slice(3)).size).toBe(1);
    expect(scores[0]).not.toBe(scores[3]);
    expect((await colours('kl')).filter((_, i) => i % 2 === 0)).toEqual([scores[0], scores[3]]);
    const names = await legend('scores').allTextContents();
    expect(names[0]).not.toBe(names[3]);
    await expect(page.getByTestId('compare-view')).toHaveAttribute('data-runs', '2');
    await expect(page.getByTestId('same-prompt-answer')).toHaveCount(16);
    await shot(page, testInfo, 'fork-compare');
    const panels = ['[data-testid=runs-panel]', '[data-testid=compare-view]', '[data-testid=runs-messages]'];
    await expectNoSeriousViolations(page, 'run library and compare', panels);
    await page.getByTestId('lang-select').selectOption('zh');
    await expect(page.getByTestId('compare-view')).toContainText('相同的提示');
    await expectNoSeriousViolations(page, 'run library and compare (中文)', panels);
    await page.getByTestId('lang-select').selectOption('en');
    // Unticking the parent (Space on its checkbox) leaves the fork alone on the charts.
    await row(page, 'other').getByTestId('run-compare').focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('chart-scores')).toHaveAttribute('data-runs', '1');
    await expect(page.getByTestId('compare-view')).toHaveCount(0);
    // The parent goes on from its own iteration 3, with its own settings.
    const parentId = await row(page, 'other').getAttribute('data-id');
    await row(page, 'other').getByTestId('run-open').click();
    await expect(page.getByTestId('current-run')).toHaveAttribute('data-id', parentId!);
    await waitIdle(page);
    expect(await iteration(page)).toBe(3);
    await expect(page.getByTestId('hp-klCoef')).toHaveValue('0.05');
    await steps(page, 2);
    await waitSaved(page, 5);
    const parent = await downloadJson<RunFile>(page, () => row(page, 'current').getByTestId('run-export').click());
    const fork = await downloadJson<RunFile>(page, () => row(page, 'other').getByTestId('run-export').click());
    expect(parent.history.rows).toHaveLength(5);
    expect(fork.history.rows).toHaveLength(5);
    expect(fork.history.rows.slice(0, 3)).toEqual(parent.history.rows.slice(0, 3));
    const kl = parent.history.keys.indexOf('objective/kl_coef');
    for (const i of [3, 4]) {
      expect(fork.history.rows[i], `iteration ${i + 1}`).not.toEqual(parent.history.rows[i]);
      expect(fork.history.rows[i][kl]).toBe(0);
      expect(parent.history.rows[i][kl]).toBe(0.05);
    }
    expect(fork.meta.changes.map((c) => c.at)).toEqual([0, 3]);
  });

  test('a replay link for iteration 5 (with a settings change at 3) opened in a fresh browser gives the same statistics, exactly', async ({ browser, page }, testInfo) => {
    await openPlayground(page, QUERY);
    await steps(page, 2);
    await changeSetting(page, 'klCoef', '0.1');
    await steps(page, 3);
    await waitSaved(page, 5);
    const original = await downloadJson<{ history: Record<string, number>[] }>(page, () => page.getByTestId('export-json').click());
    const link = await page.getByTestId('copy-replay-link').getAttribute('data-link');
    expect(link).toMatch(/\?replay=/);
    testInfo.annotations.push({ type: 'replay link', description: `${link!.length} characters: ${link}` });
    const context = await browser.newContext();
    const fresh = await context.newPage();
    const errors = pageErrors(fresh);
    const t0 = Date.now();
    await fresh.goto(link!);
    await expect(fresh.getByTestId('replay')).toBeVisible({ timeout: ENGINE_TIMEOUT });
    await expect(fresh.getByTestId('replay')).toHaveCount(0, { timeout: ENGINE_TIMEOUT });
    testInfo.annotations.push({ type: 'replay time', description: `${Date.now() - t0} ms for 5 iterations (micro, B=16)` });
    await waitIdle(fresh);
    expect(await iteration(fresh)).toBe(5);
    await expect(fresh.locator('[data-testid=runs-message][data-key=replayed]')).toBeVisible();
    await expect(fresh).not.toHaveURL(/replay=/);
    await expect(fresh.getByTestId('hp-klCoef')).toHaveValue('0.1');
    const replayed = await downloadJson<{ history: Record<string, number>[] }>(fresh, () => fresh.getByTestId('export-json').click());
    expect(replayed.history).toEqual(original.history);
    await shot(fresh, testInfo, 'replayed');
    // A long replay (400 iterations: Cancel is honoured at the next iteration boundary, so a short one
    // could end first), cancelled at once: the page keeps the iterations replayed so far as a run of its own.
    const long = `j${Buffer.from(JSON.stringify([2, 'reviews', 'micro', 400, [[0, 'w', { seed: 7, batchSize: 16 }]]])).toString('base64url')}`;
    await fresh.goto(`${new URL(link!).origin}${new URL(link!).pathname}?replay=${long}`);
    const bar = fresh.getByTestId('replay');
    await expect(bar).toBeVisible({ timeout: ENGINE_TIMEOUT });
    await expect(bar).toHaveAttribute('data-on', 'wasm'); // the kernels the original ran on (the page's default)
    await fresh.getByTestId('replay-cancel').click();
    const stopped = fresh.locator('[data-testid=runs-message][data-key=replay-stopped]');
    await expect(stopped).toBeVisible({ timeout: ENGINE_TIMEOUT });
    await waitIdle(fresh);
    const n = await iteration(fresh);
    expect(n).toBeLessThan(400);
    await expect(stopped).toContainText(`after ${n} of 400`);
    await expect(row(fresh, 'current')).toHaveAttribute('data-iterations', String(n));
    expect(errors).toEqual([]);
    await context.close();
  });

  test('two tabs on one run: the second continues a copy, both keep their own iterations, and say so', async ({ context }) => {
    const a = await context.newPage();
    await openPlayground(a, QUERY);
    await steps(a, 2);
    await waitSaved(a, 2);
    const b = await context.newPage();
    await openPlayground(b, QUERY);
    await expect(b.locator('[data-testid=runs-message][data-key=other-tab]')).toBeVisible();
    expect(await iteration(b)).toBe(2);
    await expect(a.locator('[data-testid=runs-message][data-key=copied-by-other-tab]')).toBeVisible();
    await stepIteration(b);
    await stepIteration(b);
    await stepIteration(a);
    await waitSaved(a, 3);
    await waitSaved(b, 4);
    // Each tab comes back to its own run after a reload.
    await a.reload();
    await b.reload();
    for (const [p, n] of [[a, 3], [b, 4]] as const) {
      await expect(p.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: ENGINE_TIMEOUT });
      await waitIdle(p);
      expect(await iteration(p)).toBe(n);
    }
    await expect(a.getByTestId('run-row')).toHaveCount(2);
  });

  test('saved at every iteration boundary: a reload while running on "fast" loses at most the iteration in flight', async ({ page }) => {
    await openPlayground(page, QUERY);
    await page.getByTestId('speed-select').selectOption('fast');
    await page.getByTestId('btn-run').click();
    await expect.poll(() => iteration(page), { timeout: ENGINE_TIMEOUT }).toBeGreaterThanOrEqual(6);
    const shown = await iteration(page);
    await page.reload();
    await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: ENGINE_TIMEOUT });
    await waitIdle(page);
    const resumed = await iteration(page);
    expect(resumed, `shown ${shown} before the reload`).toBeGreaterThanOrEqual(shown - 1);
    await expect(page.getByTestId('chart-scores')).toHaveAttribute('data-points', String(resumed));
  });

  test('a damaged stored run (NaN weights, then missing curves) is not resumed: the page says why, starts afresh and keeps the record aside for export', async ({ page }) => {
    const errors = pageErrors(page);
    await openPlayground(page, QUERY);
    await stepIteration(page);
    await waitSaved(page, 1);
    const corrupt = (store: 'weights' | 'runs') => page.evaluate((store) => new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('rlhf-playground-runs');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const tx = req.result.transaction(store, 'readwrite');
        const all = tx.objectStore(store).getAll();
        all.onsuccess = () => {
          const r = all.result[0];
          if (store === 'weights') r.snapshot.critic.params[0] = NaN;
          else delete r.curves;
          tx.objectStore(store).put(r);
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      };
    }), store);
    for (const [store, why] of [['weights', 'snapshot.critic.params: holds a NaN'], ['runs', 'curves']] as const) {
      await corrupt(store);
      await page.reload();
      await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: ENGINE_TIMEOUT });
      await waitIdle(page);
      const message = page.locator('[data-testid=runs-message][data-key=could-not-resume]');
      await expect(message).toContainText('could not be resumed');
      await expect(message).toContainText(why);
      expect(await iteration(page)).toBe(0);
      await expect(page.getByTestId('engine-error')).toHaveCount(0);
      await stepIteration(page);
      expect(await iteration(page)).toBe(1);
      await waitSaved(page, 1);
    }
    await expect(page.getByTestId('runs-quarantine')).toContainText('2 damaged records');
    const damaged = await downloadJson<{ entries: { reason: string; raw: { meta: { iteration: number } } }[] }>(page, () => page.getByTestId('export-quarantine').click());
    expect(damaged.entries.map((e) => e.reason).join('\n')).toMatch(/critic[\s\S]*curves/);
    expect(damaged.entries[0].raw.meta.iteration).toBe(1);
    expect(errors).toEqual([]);
  });
});
