import type { RunSnapshot } from '../../worker/protocol';
import { chunksFrom } from './history-columns';
import type { LoadedRun, RunMeta, RunSamples } from './record';
import { parseChunks, parseMeta, parseSamples, parseSnapshot, RunRecordError } from './schema';

/**
 * A run as a file (export / import). JSON, so it can be read and diffed: statistics as rows of
 * numbers (JSON keeps every double exactly), tokens as numbers, weights as base64 of their
 * little-endian float32 bytes. Import goes through the same schema as the library's own records:
 * a file is taken whole or refused with the reason, never half.
 */
export const RUN_FILE_FORMAT = 'rlhf-playground-run';
const RUN_FILE_VERSION = 1;
/** Larger files are refused before parsing (a tiny run with weights is about 3 MB). */
const MAX_RUN_FILE_CHARS = 200 * 2 ** 20;

export interface ParsedRunFile extends LoadedRun {
  weights: RunSnapshot | null;
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const floatsToBase64 = (xs: Float32Array): string => bytesToBase64(new Uint8Array(xs.buffer, xs.byteOffset, xs.byteLength));

function base64ToFloats(s: unknown, what: string): Float32Array {
  if (typeof s !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new RunRecordError([`${what}: not base64 text`]);
  const bin = atob(s);
  if (bin.length % 4 !== 0) throw new RunRecordError([`${what}: ${bin.length} bytes is not a whole number of float32 values`]);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

const stateToJson = (m: RunSnapshot['actor']) => ({ params: floatsToBase64(m.params), m: floatsToBase64(m.m), v: floatsToBase64(m.v), steps: m.steps });

export function runFileText(run: LoadedRun, weights: RunSnapshot | null): string {
  const { meta, history, samples } = run;
  return JSON.stringify({
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    meta: { ...meta, hasWeights: weights !== null },
    history: { keys: meta.statKeys, rows: history.map((row) => meta.statKeys.map((k) => row[k])) },
    samples: samples && { ...samples, entries: samples.entries.map((e) => ({ after: e.after, tokens: [...e.tokens], scores: [...e.scores], gold: [...e.gold] })) },
    weights: weights && {
      actor: stateToJson(weights.actor), critic: stateToJson(weights.critic), sft: floatsToBase64(weights.sft),
      reward: weights.reward && floatsToBase64(weights.reward), iteration: weights.iteration, klCoef: weights.klCoef,
    },
  });
}

const numbers = (xs: unknown, what: string): number[] => {
  if (!Array.isArray(xs) || !xs.every((x) => typeof x === 'number')) throw new RunRecordError([`${what}: not a list of numbers`]);
  return xs as number[];
};

function stateFromJson(x: unknown, what: string): RunSnapshot['actor'] {
  const m = (x ?? {}) as Record<string, unknown>;
  return { params: base64ToFloats(m.params, `${what}.params`), m: base64ToFloats(m.m, `${what}.m`), v: base64ToFloats(m.v, `${what}.v`), steps: m.steps as number };
}

/** A run file's contents, checked whole; throws an Error (RunRecordError for schema failures) saying what is wrong. */
export function parseRunFile(text: string): ParsedRunFile {
  if (text.length > MAX_RUN_FILE_CHARS) throw new Error(`the file is too large for a run (${(text.length / 2 ** 20).toFixed(0)} MB)`);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message})`);
  }
  if (!data || data.format !== RUN_FILE_FORMAT) throw new Error(`not a run exported by this playground (no "format": "${RUN_FILE_FORMAT}")`);
  if (data.version !== RUN_FILE_VERSION) throw new Error(`a run file of version ${JSON.stringify(data.version)}; this playground reads version ${RUN_FILE_VERSION}`);
  const meta: RunMeta = parseMeta(data.meta);
  const h = (data.history ?? {}) as { keys?: unknown; rows?: unknown };
  if (!Array.isArray(h.keys) || JSON.stringify(h.keys) !== JSON.stringify(meta.statKeys)) throw new RunRecordError(['history.keys: not the statistics named in the record']);
  if (!Array.isArray(h.rows) || h.rows.length !== meta.iteration) throw new RunRecordError([`history.rows: not ${meta.iteration} rows`]);
  const history = h.rows.map((row, i) => {
    const xs = numbers(row, `history.rows.${i}`);
    if (xs.length !== meta.statKeys.length) throw new RunRecordError([`history.rows.${i}: ${xs.length} numbers for ${meta.statKeys.length} statistics`]);
    return Object.fromEntries(meta.statKeys.map((k, j) => [k, xs[j]]));
  });
  // The same checks as a stored record: finite numbers, iteration = row index.
  parseChunks(chunksFrom(meta.id, history, meta.statKeys, 0), meta);
  let samples: RunSamples | null = null;
  if (data.samples) {
    const s = data.samples as Record<string, unknown> & { entries?: unknown };
    if (!Array.isArray(s.entries)) throw new RunRecordError(['samples.entries: not a list']);
    samples = parseSamples({
      ...s, runId: meta.id,
      entries: s.entries.map((e: Record<string, unknown>, i: number) => ({
        after: e?.after, tokens: Int32Array.from(numbers(e?.tokens, `samples.entries.${i}.tokens`)),
        scores: Float32Array.from(numbers(e?.scores, `samples.entries.${i}.scores`)), gold: Float32Array.from(numbers(e?.gold, `samples.entries.${i}.gold`)),
      })),
    }, meta);
  }
  let weights: RunSnapshot | null = null;
  if (data.weights) {
    const w = data.weights as Record<string, unknown>;
    weights = parseSnapshot({
      actor: stateFromJson(w.actor, 'weights.actor'), critic: stateFromJson(w.critic, 'weights.critic'), sft: base64ToFloats(w.sft, 'weights.sft'),
      reward: w.reward === null ? null : base64ToFloats(w.reward, 'weights.reward'), iteration: w.iteration, klCoef: w.klCoef,
    }, meta);
  }
  return { meta: { ...meta, hasWeights: weights !== null }, history, samples, weights };
}

/** Any stored value as JSON (typed arrays as base64 with their type): a damaged record kept aside, exported as it is. */
export function rawRecordText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return { typedArray: v.constructor.name, base64: bytesToBase64(bytes) };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v); // NaN / ±Infinity would become null
    return v;
  }, 1);
}
