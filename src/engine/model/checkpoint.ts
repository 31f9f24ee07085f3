import type { Head, ModelConfig } from './config';
import { validateConfig } from './config';
import { paramLayout } from './params';

/**
 * Checkpoint file: versioned, self-describing, little-endian.
 *   bytes 0..7   "RLHFCKPT"
 *   u32          format version (1)
 *   u32          header length H in bytes
 *   H bytes      UTF-8 JSON header: config, head, tensor table, FNV-1a checksum of the data, metadata
 *   pad to 4
 *   float32[]    parameter data, tensors back to back in table order
 * Loading checks everything before returning, so a bad file never yields a half-loaded model.
 */
const MAGIC = 'RLHFCKPT';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointTensor {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

interface Header {
  format: 'rlhf-playground-checkpoint';
  version: number;
  config: ModelConfig;
  head: Head;
  tensors: CheckpointTensor[];
  floats: number;
  checksum: number;
  meta: Record<string, unknown>;
}

export interface Checkpoint {
  config: ModelConfig;
  head: Head;
  /** Parameters in `paramLayout(config, head)` order (flat, aligned). */
  params: Float32Array;
  meta: Record<string, unknown>;
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(`Not a usable checkpoint: ${message}`);
    this.name = 'CheckpointError';
  }
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Serialises parameters laid out by `paramLayout(config, head)`. */
export function saveCheckpoint(config: ModelConfig, head: Head, params: Float32Array, meta: Record<string, unknown> = {}): Uint8Array {
  const layout = paramLayout(config, head);
  if (params.length !== layout.size) throw new RangeError(`saveCheckpoint: ${params.length} floats for a layout of ${layout.size}`);
  const tensors: CheckpointTensor[] = [];
  let floats = 0;
  for (const e of layout.entries()) {
    tensors.push({ name: e.name, shape: [...e.shape], offset: floats, length: e.length });
    floats += e.length;
  }
  const data = new Float32Array(floats);
  for (const e of layout.entries()) data.set(params.subarray(e.offset, e.offset + e.length), tensors.find((t) => t.name === e.name)!.offset);
  const dataBytes = new Uint8Array(data.buffer);
  const header: Header = { format: 'rlhf-playground-checkpoint', version: CHECKPOINT_VERSION, config, head, tensors, floats, checksum: fnv1a(dataBytes), meta };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((16 + json.length) / 4) * 4;
  const out = new Uint8Array(start + dataBytes.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, CHECKPOINT_VERSION, true);
  dv.setUint32(12, json.length, true);
  out.set(json, 16);
  out.set(dataBytes, start);
  return out;
}

/** Parses and validates a checkpoint; throws CheckpointError saying what is wrong. */
export function loadCheckpoint(bytes: Uint8Array, expect?: { head?: Head; vocabSize?: number }): Checkpoint {
  if (bytes.length < 16) throw new CheckpointError(`the file is ${bytes.length} bytes, too short to be a checkpoint`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) throw new CheckpointError('it does not start with "RLHFCKPT" (wrong file type?)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version !== CHECKPOINT_VERSION) throw new CheckpointError(`format version ${version}; this playground reads version ${CHECKPOINT_VERSION}`);
  const hlen = dv.getUint32(12, true);
  if (16 + hlen > bytes.length) throw new CheckpointError(`the header claims ${hlen} bytes but the file ends first (truncated?)`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + hlen)));
  } catch (e) {
    throw new CheckpointError(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (header?.format !== 'rlhf-playground-checkpoint' || !header.config || !Array.isArray(header.tensors)) throw new CheckpointError('the header lacks format, config or tensor table');
  if (!['lm', 'value', 'reward'].includes(header.head)) throw new CheckpointError(`unknown head "${header.head}"`);
  try {
    validateConfig(header.config);
  } catch (e) {
    throw new CheckpointError((e as Error).message);
  }
  if (expect?.head && expect.head !== header.head) throw new CheckpointError(`it holds a "${header.head}" model, a "${expect.head}" model was expected`);
  if (expect?.vocabSize !== undefined && expect.vocabSize !== header.config.vocabSize) {
    throw new CheckpointError(`its vocabulary has ${header.config.vocabSize} tokens, the scenario has ${expect.vocabSize}`);
  }
  const start = Math.ceil((16 + hlen) / 4) * 4;
  const dataBytes = bytes.length - start;
  if (dataBytes !== header.floats * 4) throw new CheckpointError(`expected ${header.floats * 4} bytes of weights, found ${dataBytes} (truncated or padded file)`);
  // A real copy (a Node Buffer's slice() is a view into a shared pool) starting at offset 0, so the
  // floats are aligned and nothing outside this file is read.
  const copy = new Uint8Array(bytes.subarray(start));
  if (fnv1a(copy) !== header.checksum) throw new CheckpointError('the weights fail their checksum (corrupted file)');
  const data = new Float32Array(copy.buffer, 0, header.floats);
  const layout = paramLayout(header.config, header.head);
  const byName = new Map(header.tensors.map((t) => [t.name, t]));
  const params = new Float32Array(layout.size);
  for (const e of layout.entries()) {
    const t = byName.get(e.name);
    if (!t) throw new CheckpointError(`tensor "${e.name}" is missing`);
    if (t.shape.join('x') !== e.shape.join('x')) throw new CheckpointError(`tensor "${e.name}" has shape [${t.shape}], expected [${e.shape}]`);
    if (t.offset < 0 || t.offset + t.length > data.length || t.length !== e.length) throw new CheckpointError(`tensor "${e.name}" lies outside the data`);
    const src = data.subarray(t.offset, t.offset + t.length);
    for (let i = 0; i < src.length; i++) if (!Number.isFinite(src[i])) throw new CheckpointError(`tensor "${e.name}" contains NaN or infinity`);
    params.set(src, e.offset);
    byName.delete(e.name);
  }
  if (byName.size > 0) throw new CheckpointError(`unexpected tensors: ${[...byName.keys()].slice(0, 5).join(', ')}`);
  return { config: header.config, head: header.head, params, meta: header.meta ?? {} };
}
