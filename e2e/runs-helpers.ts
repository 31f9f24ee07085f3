import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { baseQuery } from './flows';
import { stepIteration } from './helpers';

/** Shared steps of the run-library specs (runs.spec.ts, runs-long-history.spec.ts). */
export const QUERY = baseQuery('cpu');

export async function downloadJson<T>(page: Page, click: () => Promise<void>): Promise<T> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return JSON.parse(readFileSync((await dl.path())!, 'utf8')) as T;
}

export const row = (page: Page, which: 'current' | 'other') => page.locator(`[data-testid=run-row][data-current=${which === 'current'}]`);

export async function steps(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await stepIteration(page);
}

export async function changeSetting(page: Page, id: string, value: string): Promise<void> {
  await page.getByTestId(`hp-${id}`).fill(value);
  await page.getByTestId(`hp-${id}`).press('Enter');
  await expect(page.getByTestId('hp-pending')).toBeVisible();
}

export async function waitSaved(page: Page, n: number): Promise<void> {
  await expect(row(page, 'current')).toHaveAttribute('data-iterations', String(n));
}

/** Grows the page's stored run to n iterations in place (IndexedDB, the library's own layout: 256-row chunks). */
export async function grow(page: Page, n: number): Promise<void> {
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
