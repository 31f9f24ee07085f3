import { expect, test, type Page } from '@playwright/test';
import { iteration, openPlayground, stepIteration } from './helpers';
import { QUERY, waitSaved } from './runs-helpers';

// Tracing snapshots the page at every step and would dominate the times measured here.
test.use({ trace: 'off' });

/** Grows the page's stored run to n iterations in place (IndexedDB, the library's own layout: 256-row chunks). */
async function grow(page: Page, n: number): Promise<void> {
  await page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('rlhf-playground-runs');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const tx = db.transaction(['runs', 'chunks', 'weights'], 'readwrite');
    const runs = tx.objectStore('runs');
    const req = runs.getAll();
    req.onsuccess = () => {
      const meta = req.result[0];
      const K = meta.statKeys.length, it = meta.statKeys.indexOf('iteration');
      for (let c = 0; c * 256 < n; c++) {
        const rows = Math.min(256, n - c * 256);
        const data = new Float64Array(rows * K);
        for (let r = 0; r < rows; r++) for (let k = 0; k < K; k++) data[r * K + k] = k === it ? c * 256 + r : Math.sin((c * 256 + r) / 500 + k);
        tx.objectStore('chunks').put({ runId: meta.id, index: c, rows, data });
      }
      runs.put({ ...meta, iteration: n });
      const w = tx.objectStore('weights').get(meta.id);
      w.onsuccess = () => tx.objectStore('weights').put({ ...w.result, snapshot: { ...w.result.snapshot, iteration: n } });
    };
    await new Promise((res, rej) => {
      tx.oncomplete = res;
      tx.onerror = () => rej(tx.error);
    });
    db.close();
  }, n);
}

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
