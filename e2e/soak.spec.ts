import { expect, test } from '@playwright/test';
import { cpus, loadavg } from 'node:os';
import { openPlayground, waitIdle } from './helpers';
import { installSoakProbe, soak, type SoakWindow } from './soak-probe';

// Issue #13's soak: the playground on "fast" (CPU engine, micro, batch 8) in one page, a student
// clicking a token every 0.7 s while it runs. `npm test` runs 160 iterations; `npm run soak` runs
// 1,000 (SOAK_ITERATIONS) and prints every window's figures. Iterations 1–100 are the warm-up (the
// engine's pools, the charts' first scales, the JIT). From iteration 100 on it asserts the issue's goal:
// - memory is flat: the heap after a forced GC (page + engine worker) grows so slowly that 900
//   iterations after the 100th would add at most 10% (least-squares slope over the windows; on a
//   1,000-iteration soak that is the measured growth itself);
// - throughput is steady: the last window's median iteration time is within 10% of that of the
//   window ending at iteration 100 (medians: one slow moment of a shared machine is not a trend);
// - input stays responsive: in every window the median click-to-paint latency is under 100 ms.
// The two timing goals are judged only when the machine's load average is at most twice its cores.

const ITERATIONS = Number(process.env.SOAK_ITERATIONS ?? 160);
const EVERY = Number(process.env.SOAK_EVERY ?? 20);
// SOAK_WARM_UP only to try the harness itself on a few iterations; the goal is stated from iteration 100.
const WARM_UP = Number(process.env.SOAK_WARM_UP ?? 100);

const heapMB = (w: SoakWindow) => w.pageMB + (w.workerMB ?? 0);

/** Least-squares slope of the heap (MB per iteration) over the windows. */
function slope(ws: SoakWindow[]): number {
  const mx = ws.reduce((s, w) => s + w.i, 0) / ws.length, my = ws.reduce((s, w) => s + heapMB(w), 0) / ws.length;
  const sxy = ws.reduce((s, w) => s + (w.i - mx) * (heapMB(w) - my), 0), sxx = ws.reduce((s, w) => s + (w.i - mx) ** 2, 0);
  return sxy / sxx;
}

// No trace: Playwright's trace keeps its DOM snapshots in the page's own JS heap, which is what is measured.
test.use({ trace: 'off', screenshot: 'off' });

test('soak: flat memory, steady throughput and responsive clicks while running on fast', async ({ page }, testInfo) => {
  // Issue #13's goal is not met yet. Before (two runs of 162 iterations at load average 2–5): heap
  // +12–19 KB per iteration after the warm-up, click-to-paint median 60–235 ms, 408 → 386 ms per iteration.
  // Now (one run, load average 2.0–2.8): +6.2 KB per iteration (+19.8% projected linearly; the charts'
  // part stops at 400 points per curve: 453 → 653 measured flat), click medians 49–84 ms, 282 → 146 ms per
  // iteration. What is left: recharts' selector caches hold ~10 KB per drawn point across the nine charts.
  // Expected to fail until then; Playwright reports it as failing once it passes, so this line goes.
  test.fail(true, 'issue #13 soak goal not met: heap +6 KB per iteration after iteration 100 (charts up to 400 points)');
  test.setTimeout(Math.max(180_000, ITERATIONS * 4_000));
  await installSoakProbe(page);
  await openPlayground(page, '?preset=micro&engine=cpu&batchSize=8&seed=7');
  const windows = await soak(page, {
    iterations: ITERATIONS,
    every: EVERY,
    clickEveryMs: 700,
    log: (w) => console.log(`soak ${JSON.stringify(w)} load ${loadavg()[0].toFixed(1)}`),
  });
  await waitIdle(page);
  const after = windows.filter((w) => w.i >= WARM_UP);
  const base = after[0], end = after[after.length - 1];
  const growthPer900 = slope(after) * 900;
  const summary = {
    iterations: end.i,
    heapMB: { [base.i]: +heapMB(base).toFixed(2), [end.i]: +heapMB(end).toFixed(2), slopeKBPerIteration: +(slope(after) * 1000).toFixed(2), projectedGrowthTo1000: `${((100 * growthPer900) / heapMB(base)).toFixed(1)}%` },
    medianIterationMs: { [base.i]: base.medianIterationMs, [end.i]: end.medianIterationMs },
    clickMedianMs: after.map((w) => w.clickMedianMs),
    longTaskFraction: after.map((w) => w.longTaskFraction),
    loadavg: loadavg().map((x) => +x.toFixed(1)),
  };
  console.log(`soak summary ${JSON.stringify(summary)}`);
  await testInfo.attach('soak.json', { body: JSON.stringify({ summary, windows }, null, 1), contentType: 'application/json' });
  expect(after.length, 'windows after the warm-up').toBeGreaterThanOrEqual(4);
  expect(growthPer900, `heap ${JSON.stringify(summary.heapMB)}`).toBeLessThanOrEqual(0.1 * heapMB(base));
  // Times say something about the page only when the machine has time for it: on a machine whose load
  // average is above twice its cores (shared by other jobs), throughput and latency are reported, not judged.
  const load = Math.max(...loadavg().slice(0, 2));
  if (load > 2 * cpus().length) {
    testInfo.annotations.push({ type: 'not judged', description: `throughput and click latency: load average ${load.toFixed(1)} on ${cpus().length} cores` });
    return;
  }
  expect(end.medianIterationMs, `median iteration time ${JSON.stringify(summary.medianIterationMs)}`).toBeLessThanOrEqual(base.medianIterationMs * 1.1);
  for (const w of after) expect(w.clickMedianMs, `median click-to-paint in the window ending at ${w.i} (${w.clicks} clicks)`).toBeLessThan(100);
});
