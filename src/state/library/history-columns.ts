import { CHUNK_ROWS, type HistoryChunk } from './record';

/**
 * Statistics rows ↔ stored chunks. A chunk is one Float64Array (row-major, the run's statKeys as
 * columns): structured clone copies it in one piece, so a 100,000-iteration history loads in a
 * fraction of a second where as many small objects would take many seconds (issue #13's soak).
 */

/** The column names of a history: the first row's keys, in its order (the CSV column order). */
export const statKeysOf = (history: readonly Record<string, number>[]): string[] => (history.length ? Object.keys(history[0]) : []);

/** Chunk `index` of `history` (rows index·CHUNK_ROWS … up to CHUNK_ROWS more). Throws if a row lacks a column. */
export function chunkOf(runId: string, history: readonly Record<string, number>[], keys: readonly string[], index: number): HistoryChunk {
  const start = index * CHUNK_ROWS;
  const rows = Math.min(CHUNK_ROWS, history.length - start);
  if (rows <= 0) throw new RangeError(`no rows for chunk ${index} of a ${history.length}-row history`);
  const K = keys.length;
  const data = new Float64Array(rows * K);
  for (let r = 0; r < rows; r++) {
    const row = history[start + r];
    for (let k = 0; k < K; k++) {
      const v = row[keys[k]];
      if (typeof v !== 'number') throw new TypeError(`statistics row ${start + r} has no number for "${keys[k]}"`);
      data[r * K + k] = v;
    }
  }
  return { runId, index, rows, data };
}

/** The chunks covering rows [from, history.length): the one holding `from` is rewritten whole. */
export function chunksFrom(runId: string, history: readonly Record<string, number>[], keys: readonly string[], from: number): HistoryChunk[] {
  const out: HistoryChunk[] = [];
  for (let i = Math.floor(from / CHUNK_ROWS); i * CHUNK_ROWS < history.length; i++) out.push(chunkOf(runId, history, keys, i));
  return out;
}

export const chunkCount = (rows: number): number => Math.ceil(rows / CHUNK_ROWS);

/** The rows of chunks already checked (schema.ts), in order. */
export function rowsOf(chunks: readonly HistoryChunk[], keys: readonly string[]): Record<string, number>[] {
  const K = keys.length;
  // Copying one template keeps every row the same shape (fast properties): three to five times
  // quicker than adding 20-odd keys to an empty object, row after row.
  const template: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  const out: Record<string, number>[] = new Array(chunks.reduce((n, c) => n + c.rows, 0));
  let i = 0;
  for (const c of chunks) {
    for (let r = 0; r < c.rows; r++) {
      const row = { ...template };
      for (let k = 0; k < K; k++) row[keys[k]] = c.data[r * K + k];
      out[i++] = row;
    }
  }
  return out;
}
