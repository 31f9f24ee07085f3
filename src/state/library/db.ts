/**
 * The run library's IndexedDB database, with a thin promise layer. Raw IndexedDB rather than
 * idb-keyval: one save at an iteration boundary writes the run's record, its newest statistics
 * chunk and its weights in ONE transaction, so a failed write (storage full) leaves the previous
 * save whole — never a record that points at missing chunks.
 */
export const DB_NAME = 'rlhf-playground-runs';
const DB_VERSION = 1;

export const STORES = {
  /** RunMeta by id. */
  runs: 'runs',
  /** HistoryChunk by [runId, index]. */
  chunks: 'chunks',
  /** RunWeights by runId. */
  weights: 'weights',
  /** RunSamples by runId. */
  samples: 'samples',
  /** Records that failed the schema, kept aside for export (auto-increment key). */
  quarantine: 'quarantine',
} as const;
export type StoreName = (typeof STORES)[keyof typeof STORES];

/** The browser refused to store more (quota): nothing of the failed save was written. */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super(`the browser's storage for this page is full (${(cause as Error)?.message ?? cause})`);
    this.name = 'StorageFullError';
  }
}

/** IndexedDB is off or broken here (some private windows): runs live only in this tab. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`this browser does not let the page store runs (${(cause as Error)?.message ?? cause})`);
    this.name = 'StorageUnavailableError';
  }
}

const isQuota = (e: unknown) => e instanceof Error && (e.name === 'QuotaExceededError' || /quota/i.test(e.message));
const asStorageError = (e: unknown): Error => (isQuota(e) ? new StorageFullError(e) : e instanceof Error ? e : new Error(String(e)));

export function openDb(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (!factory) return reject(new StorageUnavailableError('no IndexedDB'));
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(DB_NAME, DB_VERSION);
    } catch (e) {
      return reject(new StorageUnavailableError(e));
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORES.runs)) db.createObjectStore(STORES.runs, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(STORES.chunks)) db.createObjectStore(STORES.chunks, { keyPath: ['runId', 'index'] });
      if (!db.objectStoreNames.contains(STORES.weights)) db.createObjectStore(STORES.weights, { keyPath: 'runId' });
      if (!db.objectStoreNames.contains(STORES.samples)) db.createObjectStore(STORES.samples, { keyPath: 'runId' });
      if (!db.objectStoreNames.contains(STORES.quarantine)) db.createObjectStore(STORES.quarantine, { autoIncrement: true });
    };
    req.onerror = () => reject(new StorageUnavailableError(req.error));
    req.onblocked = () => reject(new StorageUnavailableError('the run library is being upgraded in another tab; close it and reload'));
    req.onsuccess = () => resolve(req.result);
  });
}

/**
 * One transaction: `body` issues its requests synchronously (IndexedDB's rule) and returns a
 * function that reads their results once the transaction has committed. Any failure — a request
 * error, a thrown exception, an abort — rejects and rolls back every write of the transaction.
 */
export function transact<T>(db: IDBDatabase, stores: readonly StoreName[], mode: IDBTransactionMode, body: (store: (name: StoreName) => IDBObjectStore) => () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(stores as StoreName[], mode);
    } catch (e) {
      return reject(asStorageError(e));
    }
    let result: () => T;
    let failed: unknown = null;
    tx.oncomplete = () => {
      try {
        resolve(result());
      } catch (e) {
        reject(e);
      }
    };
    tx.onerror = (ev) => {
      failed ??= tx.error ?? (ev.target as IDBRequest | null)?.error;
    };
    tx.onabort = () => reject(asStorageError(failed ?? tx.error ?? new Error('the storage transaction was aborted')));
    try {
      result = body((name) => tx.objectStore(name));
    } catch (e) {
      failed = e;
      try {
        tx.abort();
      } catch {
        reject(asStorageError(e)); // already finished: abort() throws, onabort never fires
      }
    }
  });
}

/** A request's result, read after the transaction committed. */
export function resultOf<T>(req: IDBRequest<T>): () => T {
  return () => req.result;
}
