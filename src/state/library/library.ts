import type { RunSnapshot } from '../../worker/protocol';
import { openDb, resultOf, STORES, transact, type StoreName } from './db';
import { chunkCount, chunksFrom } from './history-columns';
import type { HistoryChunk, LoadedRun, RunMeta, RunSamples, RunWeights } from './record';
import { parseMeta, parseRun, parseSnapshot, RunRecordError } from './schema';

/** A record that failed the schema, kept aside (not deleted, not overwritten) so it can be exported. */
export interface QuarantineEntry {
  key: number;
  reason: string;
  at: number;
  /** The record's parts exactly as they were stored. */
  raw: { meta: unknown; chunks: unknown[]; samples: unknown; weights: unknown };
}

export interface SaveRequest {
  meta: RunMeta;
  history: readonly Record<string, number>[];
  /** Rows before this one are stored already (their chunks are not rewritten). */
  fromRow: number;
  /** The weights to keep (null: drop them; undefined: leave what is stored). */
  weights?: RunSnapshot | null;
  samples?: RunSamples | null;
}

const snapshotBytes = (s: RunSnapshot) =>
  [s.actor.params, s.actor.m, s.actor.v, s.critic.params, s.critic.m, s.critic.v, s.sft, s.reward].reduce((n, a) => n + (a?.byteLength ?? 0), 0);
const samplesBytes = (s: RunSamples | null | undefined) => (s ? s.entries.reduce((n, e) => n + e.tokens.byteLength + e.scores.byteLength + e.gold.byteLength + 8, 0) : 0);

const chunkRange = (id: string, from = 0) => IDBKeyRange.bound([id, from], [id, Infinity]);

/**
 * The run library in IndexedDB (db.ts). Every read goes through the schema (schema.ts); every
 * write of a run is one transaction. `factory` is injectable for the unit tests (fake-indexeddb).
 */
export class RunLibrary {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory?: IDBFactory) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= openDb(this.factory ?? globalThis.indexedDB).catch((e) => {
      this.db = null; // try again next time (e.g. after the other tab's upgrade)
      throw e;
    });
    return this.db;
  }

  private async tx<T>(stores: readonly StoreName[], mode: IDBTransactionMode, body: Parameters<typeof transact<T>>[3]): Promise<T> {
    return transact(await this.open(), stores, mode, body);
  }

  /** Every run whose record passes the schema, newest first; the others are moved to the quarantine. */
  async list(): Promise<{ runs: RunMeta[]; refused: string[] }> {
    const raw = await this.tx([STORES.runs], 'readonly', (s) => resultOf(s(STORES.runs).getAll()));
    const runs: RunMeta[] = [];
    const refused: string[] = [];
    for (const r of raw) {
      try {
        runs.push(parseMeta(r));
      } catch (e) {
        const id = (r as { id?: unknown })?.id;
        refused.push((e as Error).message);
        if (typeof id === 'string') await this.quarantine(id, (e as Error).message).catch(() => undefined);
      }
    }
    runs.sort((a, b) => b.savedAt - a.savedAt);
    return { runs, refused };
  }

  /** One run without its weights, checked; throws RunRecordError (or 'no run' Error) when it cannot be used. */
  async load(id: string): Promise<LoadedRun> {
    const get = await this.tx([STORES.runs, STORES.chunks, STORES.samples], 'readonly', (s) => {
      const meta = resultOf(s(STORES.runs).get(id));
      const chunks = resultOf(s(STORES.chunks).getAll(chunkRange(id)));
      const samples = resultOf(s(STORES.samples).get(id));
      return () => ({ meta: meta(), chunks: chunks(), samples: samples() });
    });
    if (get.meta === undefined) throw new Error(`no run "${id}" in the library`);
    return parseRun(get.meta, get.chunks, get.samples);
  }

  /** The weights kept for a run, checked against its record; null when none are kept. */
  async loadWeights(meta: RunMeta): Promise<RunSnapshot | null> {
    const w = await this.tx([STORES.weights], 'readonly', (s) => resultOf(s(STORES.weights).get(meta.id)));
    if (w === undefined) {
      if (meta.hasWeights) throw new RunRecordError(['weights: the record says they are kept, but none are stored']);
      return null;
    }
    return parseSnapshot((w as Partial<RunWeights>).snapshot, meta);
  }

  /**
   * Writes a run at an iteration boundary: its record, the statistics chunks from `fromRow` on,
   * its weights and sample answers, in one transaction. Rejects with StorageFullError when the
   * browser refuses; then nothing of this save is written and the previous save stays whole.
   * Returns the record as written (sizes filled in).
   */
  async save(r: SaveRequest): Promise<RunMeta> {
    const { meta, history } = r;
    const n = history.length;
    if (n !== meta.iteration) throw new RangeError(`saving ${n} statistics rows for a run at iteration ${meta.iteration}`);
    const chunks = chunksFrom(meta.id, history, meta.statKeys, Math.min(r.fromRow, n));
    const hasWeights = r.weights === undefined ? meta.hasWeights : r.weights !== null;
    const written: RunMeta = {
      ...meta,
      hasWeights,
      bytes: {
        history: n * meta.statKeys.length * 8,
        samples: r.samples === undefined ? meta.bytes.samples : samplesBytes(r.samples),
        weights: r.weights === undefined ? meta.bytes.weights : r.weights ? snapshotBytes(r.weights) : 0,
      },
    };
    const stores: StoreName[] = [STORES.runs, STORES.chunks, STORES.weights, STORES.samples];
    await this.tx(stores, 'readwrite', (s) => {
      s(STORES.runs).put(written);
      for (const c of chunks) s(STORES.chunks).put(c);
      s(STORES.chunks).delete(chunkRange(meta.id, chunkCount(n)));
      if (r.weights) s(STORES.weights).put({ runId: meta.id, snapshot: r.weights } satisfies RunWeights);
      else if (r.weights === null) s(STORES.weights).delete(meta.id);
      if (r.samples) s(STORES.samples).put(r.samples);
      else if (r.samples === null) s(STORES.samples).delete(meta.id);
      return () => undefined;
    });
    return written;
  }

  /** A copy of a stored run under a new id (statistics, samples and weights), with `changes` to its record. */
  async copy(fromId: string, toMeta: (m: RunMeta) => RunMeta): Promise<RunMeta> {
    const run = await this.load(fromId);
    const weights = run.meta.hasWeights ? await this.loadWeights(run.meta) : null;
    const meta = toMeta(run.meta);
    const samples = run.samples ? { ...run.samples, runId: meta.id } : null;
    return this.save({ meta, history: run.history, fromRow: 0, weights, samples });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.tx([STORES.runs], 'readwrite', (s) => {
      const store = s(STORES.runs);
      const req = store.get(id);
      req.onsuccess = () => {
        if (req.result) store.put({ ...req.result, name });
      };
      return () => undefined;
    });
  }

  /** Frees a kept run's weights (it can still be replayed, or opened from its statistics). */
  async dropWeights(id: string): Promise<void> {
    await this.tx([STORES.runs, STORES.weights], 'readwrite', (s) => {
      const store = s(STORES.runs);
      const req = store.get(id);
      req.onsuccess = () => {
        if (req.result) store.put({ ...req.result, hasWeights: false, bytes: { ...req.result.bytes, weights: 0 } });
      };
      s(STORES.weights).delete(id);
      return () => undefined;
    });
  }

  async remove(id: string): Promise<void> {
    await this.tx([STORES.runs, STORES.chunks, STORES.weights, STORES.samples], 'readwrite', (s) => {
      s(STORES.runs).delete(id);
      s(STORES.chunks).delete(chunkRange(id));
      s(STORES.weights).delete(id);
      s(STORES.samples).delete(id);
      return () => undefined;
    });
  }

  /** Moves every stored part of run `id` into the quarantine (one transaction: kept aside, not lost). */
  async quarantine(id: string, reason: string): Promise<void> {
    await this.tx([STORES.runs, STORES.chunks, STORES.weights, STORES.samples, STORES.quarantine], 'readwrite', (s) => {
      const meta = s(STORES.runs).get(id);
      const chunks = s(STORES.chunks).getAll(chunkRange(id));
      const samples = s(STORES.samples).get(id);
      const weights = s(STORES.weights).get(id);
      weights.onsuccess = () => {
        if (meta.result === undefined) return; // already moved (two lists found the same damaged record)
        const raw = { meta: meta.result, chunks: chunks.result as HistoryChunk[], samples: samples.result, weights: weights.result };
        s(STORES.quarantine).add({ reason, at: Date.now(), raw });
        s(STORES.runs).delete(id);
        s(STORES.chunks).delete(chunkRange(id));
        s(STORES.weights).delete(id);
        s(STORES.samples).delete(id);
      };
      return () => undefined;
    });
  }

  async quarantined(): Promise<QuarantineEntry[]> {
    return this.tx([STORES.quarantine], 'readonly', (s) => {
      const store = s(STORES.quarantine);
      const keys = store.getAllKeys();
      const values = store.getAll();
      return () => values.result.map((v, i) => ({ ...(v as Omit<QuarantineEntry, 'key'>), key: keys.result[i] as number }));
    });
  }

  async clearQuarantine(): Promise<void> {
    await this.tx([STORES.quarantine], 'readwrite', (s) => {
      s(STORES.quarantine).clear();
      return () => undefined;
    });
  }
}
