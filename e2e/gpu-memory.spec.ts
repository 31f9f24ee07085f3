import { expect, test, type Page } from '@playwright/test';
import { baseQuery, expectEngine } from './flows';
import { iteration, openPlayground, pageErrors, stepIteration } from './helpers';

// Issue #13: the GPU engine's buffer-pool counters (Diagnostics, debug hook __rlhf.gpuMemory) are
// flat across iterations of the playground's own engine: after the first iterations every buffer an
// iteration needs comes from the pool, so nothing more is ever created. Six iterations on micro: 55 s
// on SwiftShader with the page load (ten took 1.4 min and were flat from the first: 605 buffers,
// 6,645,504 bytes). src/engine/rl/ppo.gpu.test.ts checks the same of a PPO run outside the page.

type Pool = { buffersCreated: number; bytesCreated: number; bytesInUse: number; bytesFree: number };
const pool = (page: Page) => page.evaluate(() => (window as unknown as { __rlhf: { gpuMemory(): Promise<Pool | null> } }).__rlhf.gpuMemory());

test('the GPU buffer pool creates nothing after the third iteration (six iterations on micro)', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = pageErrors(page);
  await openPlayground(page, baseQuery('gpu', '&debug=1'));
  await expectEngine(page, 'gpu');
  const seen: Pool[] = [];
  for (let k = 0; k < 6; k++) {
    await stepIteration(page);
    expect(await iteration(page)).toBe(k + 1);
    const p = await pool(page);
    expect(p, 'the GPU engine has a buffer pool').not.toBeNull();
    seen.push(p!);
  }
  console.log(`GPU pool after each iteration: ${JSON.stringify(seen)}`);
  expect(seen[0].bytesCreated).toBeGreaterThan(0);
  for (const p of seen) expect(p.bytesInUse + p.bytesFree).toBe(p.bytesCreated);
  // From the third iteration on: the same buffers, the same bytes (created, in use and free).
  for (const p of seen.slice(3)) expect(p).toEqual(seen[2]);
  expect(errors).toEqual([]);
});
