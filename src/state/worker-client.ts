import type { Api, ErrorKind, RequestMessage, RequestName, WorkerMessage } from '../worker/protocol';

/** A failed request, with the worker's classification (device lost, diverged, config field…). */
export class EngineError extends Error {
  constructor(readonly kind: ErrorKind, message: string, readonly field?: string) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Any thrown value as an EngineError (errors that did not come from the worker are kind 'other'). */
export const asEngineError = (e: unknown): EngineError =>
  e instanceof EngineError ? e : new EngineError('other', String((e as Error)?.message ?? e));

type EventMessage = Exclude<WorkerMessage, { type: 'reply' } | { type: 'failure' }>;

/**
 * The store's handle on the engine worker: typed request/reply over postMessage. The worker is a
 * module worker bundled by Vite; it is replaced as a whole when the engine changes (a fresh GPU
 * device and no leftover buffers).
 */
export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: EventMessage) => void>();
  private dead: Error | null = null;

  constructor() {
    this.worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'rlhf-engine' });
    this.worker.onmessage = (ev: MessageEvent<WorkerMessage>) => this.receive(ev.data);
    this.worker.onerror = (ev) => this.fail(new EngineError('other', `the engine worker crashed: ${ev.message || 'unknown error'}`));
  }

  private receive(m: WorkerMessage): void {
    if (m.type === 'reply' || m.type === 'failure') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'reply') p.resolve(m.value);
      else p.reject(new EngineError(m.kind, m.message, m.field));
      return;
    }
    for (const l of this.listeners) l(m);
  }

  private fail(e: Error): void {
    this.dead = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  call<K extends RequestName>(name: K, payload: Api[K][0]): Promise<Api[K][1]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const msg: RequestMessage<K> = { id, name, payload };
      this.worker.postMessage(msg);
    });
  }

  onEvent(listener: (m: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.fail(new EngineError('other', 'the engine was restarted'));
    this.worker.terminate();
  }
}
