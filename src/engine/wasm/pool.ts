/**
 * Optional helper threads for the CPU engine's largest kernels (matmul, attention, GELU). A job
 * splits a range (rows, output rows, (batch, head) pairs, elements) into fixed shares, one per
 * thread; every output element is computed whole by one thread, in the same order whatever the
 * split, so results do not depend on the number of threads (tested).
 *
 * One pool per size per JavaScript thread, shared by the CPU engines on it: each engine's shared
 * WebAssembly memory is attached to the helpers (they instantiate the kernels on it) and detached
 * when the engine is garbage-collected. Needs memories that can be sent to workers (Node, or a
 * cross-origin-isolated page — the dev and preview servers send COOP/COEP, see README) and a
 * calling thread that may block in Atomics.wait (a worker, or Node). Elsewhere `threadPool` returns
 * null with the reason, and the engine runs on one thread. Helpers start asynchronously; until an
 * engine's memory is attached, its jobs run on the caller.
 *
 * Each share is claimed before it is computed (a compare-exchange on its word of the control
 * block): after its own share the caller takes every share no helper has started, so a helper the
 * operating system has not scheduled (a busy machine) costs the job nothing instead of a time
 * slice. A share is computed the same whoever takes it, so the bits do not change.
 */
import share from './pool-share';

const GEN = 0, DONE = 1, KERNEL = 2, PARTS = 3, TOTAL = 4, ALIGN = 5, NARGS = 6, MEMID = 7, POSTED = 8;
/** Words CLAIM + i: share i of the current job is free (~generation, never equal to it) or taken (generation). */
const CLAIM = 9;
/** Threads a pool can have (more are asked for: this many run): one claim word per share, words 9..15. */
const MAX_POOL_THREADS = 16 - CLAIM;
const YIELD = -1;
const MAX_ARGS = 16;

type Kernel = (...a: number[]) => void;
type Reply = { ok?: boolean; id?: number; error?: string };

interface Helper {
  postMessage(m: unknown): void;
  onReply(f: (m: Reply) => void): void;
}

async function spawn(): Promise<Helper> {
  if (typeof Worker !== 'undefined') {
    const w = new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' });
    return { postMessage: (m) => w.postMessage(m), onReply: (f) => w.addEventListener('message', (e) => f(e.data as Reply)) };
  }
  const { Worker: NodeWorker } = await import(/* @vite-ignore */ ['node', 'worker_threads'].join(':'));
  const w = new NodeWorker(new URL('./pool-worker.js', import.meta.url));
  w.unref(); // an idle pool must not keep Node alive
  return { postMessage: (m) => w.postMessage(m), onReply: (f) => w.on('message', f) };
}

/** Why threads cannot be used on this thread, or '' when they can. */
function obstacle(words: Int32Array): string {
  const g = globalThis as { crossOriginIsolated?: boolean };
  if (g.crossOriginIsolated === false) return 'the page is not cross-origin isolated (COOP/COEP headers)';
  try {
    Atomics.wait(words, 15, 1, 0); // word 15 is 0: 'not-equal' at once where blocking is allowed
  } catch {
    return 'this thread may not block (Atomics.wait), e.g. a page’s main thread';
  }
  return '';
}

export class WasmThreadPool {
  private readonly words: Int32Array;
  private readonly args: Float64Array;
  private readonly helpers: Helper[] = [];
  private nextId = 1;
  /** Memory id → whether every helper has instantiated the kernels on it. */
  private readonly attached = new Map<number, boolean>();
  private readonly started: Promise<void>;
  /** Set when a helper failed: everything runs on the calling thread from then on. */
  broken = '';
  /** Shares computed by the caller because no helper had started them (benchmarks print it). */
  sharesTaken = 0;

  private constructor(readonly size: number) {
    const ctrl = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    this.words = new Int32Array(ctrl.buffer, 0, 16);
    this.args = new Float64Array(ctrl.buffer, 64, MAX_ARGS);
    this.words[POSTED] = 1; // init
    this.started = this.spawnHelpers(ctrl);
  }

  private async spawnHelpers(ctrl: WebAssembly.Memory): Promise<void> {
    try {
      for (let i = 1; i < this.size; i++) {
        const h = await spawn();
        h.onReply((m) => { if (m.error) this.broken = `a helper thread failed: ${m.error}`; });
        // Wait for the helper to answer before anyone blocks on it: a browser may need this
        // thread's event loop to finish starting a nested worker.
        const running = new Promise<void>((resolve) => h.onReply(() => resolve()));
        h.postMessage({ init: { ctrl, index: i, gen: Atomics.load(this.words, GEN) } });
        await running;
        this.helpers.push(h);
      }
    } catch (e) {
      this.broken = `helper threads could not start: ${(e as Error)?.message ?? e}`;
    }
  }

  /** This thread's pool of `threads` (helpers + the caller), or null and why not. */
  static get(threads: number): { pool: WasmThreadPool | null; why: string } {
    if (threads <= 1) return { pool: null, why: '' };
    threads = Math.min(threads, MAX_POOL_THREADS);
    const existing = pools.get(threads);
    if (existing) return { pool: existing, why: '' };
    let why = '';
    try {
      why = obstacle(new Int32Array(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer));
    } catch {
      why = 'no shared WebAssembly memory here';
    }
    if (why) return { pool: null, why };
    const pool = new WasmThreadPool(threads);
    pools.set(threads, pool);
    return { pool, why: '' };
  }

  /** Hands a memory (and its kernels' module) to the helpers; returns its id for `run`. */
  attach(memory: WebAssembly.Memory, module: WebAssembly.Module, kernels: string[]): number {
    const id = this.nextId++;
    this.attached.set(id, false);
    void this.started.then(async () => {
      if (this.broken) return;
      const acks = this.helpers.map((h) => new Promise<void>((resolve) => h.onReply((m) => { if (m.id === id || m.error) resolve(); })));
      this.broadcast({ attach: { id, module, memory, kernels } });
      await Promise.all(acks);
      if (this.attached.has(id) && !this.broken) this.attached.set(id, true);
    });
    return id;
  }

  detach(id: number): void {
    this.attached.delete(id);
    void this.started.then(() => {
      this.broadcast({ detach: id });
    });
  }

  /** Threads a job on memory `id` runs on now: 1 until it is attached everywhere, or after a failure. */
  threadsFor(id: number): number {
    return this.broken || !this.attached.get(id) ? 1 : this.size;
  }

  /** Resolves when memory `id` is attached (or attaching failed). */
  async whenAttached(id: number): Promise<void> {
    await this.started;
    for (let i = 0; i < 1000 && this.attached.get(id) === false && !this.broken; i++) await new Promise((r) => setTimeout(r, 5));
  }

  /** Posts a message to every helper, then sends them back to their event loops to read it. */
  private broadcast(m: unknown): void {
    for (const h of this.helpers) h.postMessage(m);
    Atomics.add(this.words, POSTED, 1); // each helper has been posted init + this many
    this.dispatch(YIELD, 0, [], 0, 1, this.size);
  }

  /**
   * Runs kernel(...args, a, b) over [0, total) split into fixed shares (multiples of `align`), this
   * thread taking the first share; returns when every share is done.
   */
  run(id: number, kernel: number, local: Kernel, args: number[], total: number, align: number): void {
    const parts = this.threadsFor(id);
    if (parts === 1) {
      local(...args, 0, total);
      return;
    }
    const gen = this.dispatch(kernel, id, args, total, align, parts);
    const [a, b] = share(total, align, parts, 0);
    if (a < b) local(...args, a, b);
    let taken = 0;
    for (let i = 1; i < parts; i++) {
      if (Atomics.compareExchange(this.words, CLAIM + i, ~gen, gen) !== ~gen) continue; // a helper has it
      const [c, d] = share(total, align, parts, i);
      if (c < d) local(...args, c, d);
      taken += 1;
    }
    this.sharesTaken += taken;
    this.awaitHelpers(parts - 1 - taken);
  }

  /** Posts a job; returns its generation. */
  private dispatch(kernel: number, id: number, args: number[], total: number, align: number, parts: number): number {
    const w = this.words;
    const gen = (w[GEN] + 1) | 0; // this thread is the only one that changes GEN (int32, wraps as the word does)
    this.args.set(args);
    w[KERNEL] = kernel; w[PARTS] = parts; w[TOTAL] = total; w[ALIGN] = align; w[NARGS] = args.length; w[MEMID] = id;
    for (let i = 0; i < parts; i++) Atomics.store(w, CLAIM + i, ~gen);
    Atomics.store(w, DONE, 0);
    Atomics.add(w, GEN, 1);
    Atomics.notify(w, GEN);
    if (kernel === YIELD) this.awaitHelpers(this.helpers.length);
    return gen;
  }

  private awaitHelpers(n: number): void {
    const w = this.words, t0 = Date.now();
    for (let done = Atomics.load(w, DONE); done < n; done = Atomics.load(w, DONE)) {
      if (Atomics.wait(w, DONE, done, 1000) === 'timed-out' && Date.now() - t0 > 60_000) {
        this.broken = 'a helper thread stopped answering';
        throw new Error('wasm thread pool: a helper thread stopped answering for 60 s');
      }
    }
  }
}

/** This JavaScript thread's pools, by size (engines asking for the same number share one). */
const pools = new Map<number, WasmThreadPool>();
