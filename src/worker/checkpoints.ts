import { loadCheckpoint, type Checkpoint } from '../engine/model/checkpoint';
import type { Head } from '../engine/model/config';

/**
 * Fetches one shipped checkpoint (public/models/<scenario>/<preset>/<name>.ckpt). Returns null
 * with the reason when the file is not shipped (404, or the static server's HTML fallback) or
 * cannot be used, so the caller can train the model here instead and say why.
 */
export async function fetchCheckpoint(url: string, head: Head, vocabSize: number): Promise<{ ckpt: Checkpoint | null; note: string }> {
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-cache' });
  } catch (e) {
    return { ckpt: null, note: `could not fetch ${url}: ${(e as Error).message}` };
  }
  if (!res.ok) return { ckpt: null, note: `${url} is not shipped (HTTP ${res.status})` };
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Static servers answer unknown paths with index.html: that is "not shipped", not "corrupted".
  if (bytes.length > 0 && bytes[0] === 0x3c /* '<' */) return { ckpt: null, note: `${url} is not shipped` };
  try {
    return { ckpt: loadCheckpoint(bytes, { head, vocabSize }), note: '' };
  } catch (e) {
    return { ckpt: null, note: (e as Error).message };
  }
}

/** Numbers from a checkpoint's metadata, when the pretraining script recorded them. */
export function metaNumbers(meta: Record<string, unknown>, ...keys: string[]): number[] {
  for (const k of keys) {
    const v = meta[k];
    if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  }
  return [];
}

export function metaNumber(meta: Record<string, unknown>, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = meta[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}
