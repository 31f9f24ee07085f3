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

