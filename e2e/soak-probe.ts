import { expect, type CDPSession, type Page } from '@playwright/test';

/**
 * What the soak measures in the page (e2e/soak.spec.ts, `npm run soak`), while the playground runs
 * on "fast": when each iteration completed, how long each click took to reach the screen, how much
 * of the main thread long tasks took, and the JS heap after a forced garbage collection — in the
 * page and in the engine worker (CDP, through the worker's own session).
 */

declare global {
  interface Window {
    __soak: { iterations: number[]; clicks: number[]; longTaskMs: number; longTasks: number };
  }
}

/** Installs the page-side recorders; call before the first navigation. */
export async function installSoakProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const s = (window.__soak = { iterations: [] as number[], clicks: [] as number[], longTaskMs: 0, longTasks: 0 });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        s.longTaskMs += e.duration;
        s.longTasks += 1;
      }
    }).observe({ type: 'longtask', buffered: true });
    // Click to paint: from the input event's own timestamp (when the click happened) to just after
    // the next frame was drawn (a task queued from requestAnimationFrame runs after that paint).
    document.addEventListener('click', (e) => {
      if (!(e.target as Element | null)?.closest?.('[data-testid="sample-token"]')) return; // the student's clicks, not the soak's pauses
      const t0 = e.timeStamp;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => s.clicks.push(performance.now() - t0);
        ch.port2.postMessage(0);
      });
    }, true);
    // When each iteration completed: the iteration counter read every 25 ms (the top bar may be
    // drawn anew, so no observer on one element).
    let last = '';
    setInterval(() => {
      const v = document.querySelector('[data-testid="iteration"]')?.getAttribute('data-value') ?? '';
      if (v !== last) {
        last = v;
        s.iterations.push(performance.now());
      }
    }, 25);
  });
}

export interface HeapReader {
  /** Used JS heap (bytes) after a forced GC: the page's and the engine worker's. */
  read(): Promise<{ page: number; worker: number | null }>;
  /**
   * The same once it has settled: two readings 0.5 s apart within 50 KB (right after a step, the
   * panels' animations still allocate: consecutive readings differed by up to 2.7 MB, then agreed to the byte).
   */
  settled(): Promise<{ page: number; worker: number | null }>;
}

/** CDP sessions on the page and on its engine worker (attached through the page's session). */
export async function heapReader(page: Page): Promise<HeapReader> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let workerSession: string | null = null;
  let nextId = 1;
  const pending = new Map<number, (r: unknown) => void>();
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; url: string } }) => {
    if (e.targetInfo.type === 'worker' && e.targetInfo.url.includes('engine.worker')) workerSession = e.sessionId;
    void cdp.send('Runtime.runIfWaitingForDebugger' as never).catch(() => {});
  });
  // A page may replace its engine worker (a resumed run restarts it): the next attached one is read.
  cdp.on('Target.detachedFromTarget', (e: { sessionId: string }) => {
    if (e.sessionId === workerSession) workerSession = null;
  });
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (m.id && pending.has(m.id)) {
      pending.get(m.id)!(m.result);
      pending.delete(m.id);
    }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const inWorker = (method: string, params: object = {}) => new Promise<unknown>((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    void cdp.send('Target.sendMessageToTarget', { sessionId: workerSession!, message: JSON.stringify({ id, method, params }) });
  });
  await cdp.send('HeapProfiler.enable');
  const read = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const p = await cdp.send('Runtime.getHeapUsage');
    let worker: number | null = null;
    for (let k = 0; k < 50 && !workerSession; k++) await new Promise((r) => setTimeout(r, 100)); // a replaced worker attaching
    if (workerSession) {
      await inWorker('HeapProfiler.collectGarbage');
      worker = ((await inWorker('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    }
    return { page: p.usedSize, worker };
  };
  return {
    read,
    async settled() {
      const total = (h: { page: number; worker: number | null }) => h.page + (h.worker ?? 0);
      let prev = await read();
      for (let k = 0; k < 20; k++) {
        await new Promise((r) => setTimeout(r, 500));
        const h = await read();
        if (Math.abs(total(h) - total(prev)) <= 50_000) return h;
        prev = h;
      }
      throw new Error('the heap did not settle within 10 s while the run was paused');
    },
  };
}

/** The figures of one window of the soak (from the previous checkpoint to iteration `i`). */
export interface SoakWindow {
  i: number;
  /** Iterations per second over the window; and the median time of one iteration (ms). */
  itPerS: number;
  medianIterationMs: number;
  /** Heap after a forced GC (MB), page and engine worker, at the window's end. */
  pageMB: number;
  workerMB: number | null;
  /** Click-to-paint latency of the clicks made during the window (ms). */
  clickMedianMs: number;
  clickMaxMs: number;
  clicks: number;
  /** Every click's latency (ms), in order. */
  clickMs: number[];
  /** The time of every iteration completed in the window (ms), in order. */
  iterationMs: number[];
  /** Fraction of the window's wall time spent in main-thread long tasks (> 50 ms). */
  longTaskFraction: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/**
 * Runs the playground on "fast" until `iterations` more are done, clicking a token of the sampling panel
 * (Inspect follows it) every `clickEveryMs`, and returns one SoakWindow per `every` iterations. The
 * page must have been opened after installSoakProbe, ready and idle.
 */
export async function soak(page: Page, o: { iterations: number; every: number; clickEveryMs: number; log?: (w: SoakWindow) => void }): Promise<SoakWindow[]> {
  const from = Number(await page.getByTestId('iteration').getAttribute('data-value')); // a run may start with a history
  const heap = await heapReader(page);
  await page.getByTestId('speed-select').selectOption('fast');
  await page.getByTestId('btn-run').click();
  // The student looks at the answers: the sampling panel in view, its tokens under the mouse.
  await page.getByTestId('sampling-panel').scrollIntoViewIfNeeded();
  const windows: SoakWindow[] = [];
  const at = async () => Number(await page.getByTestId('iteration').getAttribute('data-value'));
  let next = from + o.every;
  let last = { t: Date.now(), longTaskMs: 0, stamps: 0 };
  for (;;) {
    const i = await at();
    if (i >= next) {
      const now = Date.now();
      const s = await page.evaluate(() => ({ clicks: window.__soak.clicks.splice(0), longTaskMs: window.__soak.longTaskMs, stamps: window.__soak.iterations.slice() }));
      const stamps = s.stamps.slice(last.stamps);
      const gaps = stamps.slice(1).map((t, k) => t - stamps[k]);
      // The heap is read paused at an iteration boundary: objects of a phase in flight are not a trend
      // (read while running, it wandered by ±1 MB), and the forced GC's pause is no window's time.
      const idle = () => expect(page.getByTestId('busy')).toHaveAttribute('data-state', 'idle', { timeout: 240_000 });
      await page.getByTestId('btn-run').click();
      await idle();
      if ((await page.getByTestId('btn-step-phase').getAttribute('data-next')) !== 'sample') {
        await page.getByTestId('btn-step-iteration').click(); // to the iteration's end: every reading at the same point
        await idle();
      }
      // Then one whole iteration stepped, so that every reading follows the same sequence of renders. On
      // "fast" the panels are redrawn once per iteration, and React keeps the previous drawing of a panel
      // (its fibers' alternates) until the next: a reading held one or two copies of the big tables
      // (heap snapshots: 576 or 1,152 learning-table cells), 0.5–0.9 MB apart. Stepped, each phase clears
      // the later phases' panels first, so each reading holds one copy.
      await page.getByTestId('btn-step-iteration').click();
      await idle();
      const h = await heap.settled();
      const w: SoakWindow = {
        i: await at(),
        itPerS: +(stamps.length > 1 ? (stamps.length - 1) / ((stamps[stamps.length - 1] - stamps[0]) / 1000) : NaN).toFixed(3),
        medianIterationMs: +median(gaps).toFixed(1),
        pageMB: +(h.page / 1e6).toFixed(3),
        workerMB: h.worker === null ? null : +(h.worker / 1e6).toFixed(3),
        clickMedianMs: +median(s.clicks).toFixed(1),
        clickMaxMs: +(s.clicks.length ? Math.max(...s.clicks) : NaN).toFixed(1),
        clicks: s.clicks.length,
        clickMs: s.clicks.map((x) => Math.round(x)),
        iterationMs: gaps.map((x) => Math.round(x * 10) / 10),
        longTaskFraction: +((s.longTaskMs - last.longTaskMs) / (now - last.t)).toFixed(3),
      };
      windows.push(w);
      o.log?.(w);
      await page.getByTestId('btn-run').click();
      // The next window starts after the heap was read (the GC's pause is no window's).
      last = { t: Date.now(), longTaskMs: await page.evaluate(() => window.__soak.longTaskMs), stamps: await page.evaluate(() => window.__soak.iterations.length) };
      next += o.every;
    }
    if (i >= from + o.iterations) break;
    // A real mouse click (through the browser's input pipeline) on a token in view, without
    // Playwright's actionability waits: the panels redraw all the time while running.
    const spot = await page.evaluate((k) => {
      const all = [...document.querySelectorAll('[data-testid="sample-token"]')].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      });
      const r = all.length ? all[k % all.length].getBoundingClientRect() : null;
      return r && { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, i);
    if (spot) await page.mouse.click(spot.x, spot.y);
    else await page.getByTestId('sample-token').first().scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => {});
    await page.waitForTimeout(o.clickEveryMs);
  }
  await page.getByTestId('btn-run').click();
  return windows;
}
