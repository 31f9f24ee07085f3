import { activationLayout } from './activations';
import type { Head, ModelConfig } from './config';
import { paramLayout } from './params';

/** Bytes a model holds for a batch of B sequences of length S. */
export interface Footprint {
  parameters: number;
  /** Gradients + both Adam moments. */
  optimizer: number;
  /** Activations and their gradients for (B, S). */
  activations: number;
  total: number;
  /** The largest single tensor (it must fit in one storage binding). */
  largest: { name: string; bytes: number };
}

export function footprint(c: ModelConfig, head: Head, B: number, S: number): Footprint {
  const params = paramLayout(c, head);
  const acts = activationLayout(c, head, B, S);
  let largest = { name: 'parameters', bytes: params.size * 4 };
  for (const e of acts.entries()) if (e.length * 4 > largest.bytes) largest = { name: e.name, bytes: e.length * 4 };
  const parameters = params.size * 4;
  const activations = 2 * acts.used * 4;
  return { parameters, optimizer: 3 * parameters, activations, total: 4 * parameters + activations, largest };
}

export interface DeviceLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

/**
 * Refuses, with a message naming the limit and the excess, a model that cannot run on this
 * adapter: a tensor larger than one storage binding or one buffer, or a total above `budgetBytes`
 * (WebGPU does not report device memory, so the caller chooses a budget).
 */
export function assertFits(c: ModelConfig, head: Head, B: number, S: number, limits: DeviceLimits, budgetBytes = 2 ** 30): Footprint {
  const f = footprint(c, head, B, S);
  const check = (what: string, bytes: number, limit: number, limitName: string) => {
    if (bytes > limit) throw new RangeError(`model too large for this adapter: ${what} needs ${mib(bytes)}, ${limitName} is ${mib(limit)} (${mib(bytes - limit)} over); use a smaller preset, batch or sequence length`);
  };
  check(`tensor "${f.largest.name}"`, f.largest.bytes, limits.maxStorageBufferBindingSize, 'maxStorageBufferBindingSize');
  check(`tensor "${f.largest.name}"`, f.largest.bytes, limits.maxBufferSize, 'maxBufferSize');
  check(`the ${head} model with its optimizer and activations (B=${B}, S=${S})`, f.total, budgetBytes, 'the memory budget');
  return f;
}
