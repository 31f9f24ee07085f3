import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { z } from 'zod';
import { SCENARIOS } from '../engine/data/scenarios';
import type { PresetName } from '../engine/model/config';
import { ConfigError, DEFAULT_PPO, makePpoConfig, type PpoConfig } from '../engine/rl/ppo-config';
import type { CpuKernels } from '../engine/backends/cpu-backend';
import type { RunChange } from './library/record';
import { MAX_ITERATIONS } from './library/schema';
import { defaultsFor, scenarioProblem, SHARED_PRESETS } from './url';

/**
 * Replay links (issue #12): `?replay=<code>` re-runs a run's first N iterations and lands on the
 * same state. A run is deterministic from its scenario, preset and the settings and engine in force
 * at each iteration (its change history), so the code carries exactly that and N:
 *
 *   [version, scenario, preset, N, [[at, engine, settings that differ from the previous ones], …], models]
 *
 * where engine is 'g' (GPU) or the CPU engine's kernels — 'w' float32 WebAssembly, 'x' float64
 * WebAssembly, 't' TypeScript — which round differently, so an exact replay runs the same ones.
 * (Version 1 codes had 'c' for the CPU engine: recorded when its only kernels were the TypeScript ops.)
 * `models` (from version 3) is the id of the shipped models the run started from
 * (engine/pipeline/shipped-ids.ts), null where none are shipped: after a retrain the same settings
 * give other numbers, and the page says so instead of replaying something else silently.
 *
 * (the first change's settings differ from the scenario's defaults and always include the seed),
 * as JSON, deflated when that is shorter, base64url. Every field is checked on the way in: a
 * damaged code is refused whole with a message saying what is wrong, never half-used.
 */
export interface ReplaySpec {
  scenario: string;
  preset: PresetName;
  changes: RunChange[];
  /** Iterations to replay (≥ 1). */
  iteration: number;
  /** The shipped models' id the run started from; null: none shipped (trained in the page); undefined: a link older than version 3, which did not record it. */
  models?: string | null;
}

export class ReplayLinkError extends Error {
  constructor(reason: string) {
    super(`the replay link cannot be used: ${reason}`);
    this.name = 'ReplayLinkError';
  }
}

const VERSION = 3;
/** Longest code accepted, and the most bytes it may inflate to (a link is never a zip bomb). */
export const MAX_CODE_LENGTH = 16_000;
const MAX_JSON_BYTES = 64_000;

const KERNEL_CODE = { wasm: 'w', 'wasm-exact': 'x', ts: 't' } as const satisfies Record<CpuKernels, string>;
const engineCode = (c: RunChange): string => (c.engine === 'gpu' ? 'g' : KERNEL_CODE[c.kernels ?? 'ts']);
function engineFrom(code: string): Pick<RunChange, 'engine' | 'kernels'> {
  if (code === 'g') return { engine: 'gpu' };
  const kernels = (Object.keys(KERNEL_CODE) as CpuKernels[]).find((k) => KERNEL_CODE[k] === code) ?? 'ts'; // 'c' (version 1): the TypeScript ops
  return { engine: 'cpu', kernels };
}

function diff(config: PpoConfig, base: PpoConfig, always: (keyof PpoConfig)[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(DEFAULT_PPO) as (keyof PpoConfig)[]) if (always.includes(k) || config[k] !== base[k]) out[k] = config[k];
  return out;
}

const toBase64Url = (bytes: Uint8Array) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromBase64Url = (s: string) => {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};

export function encodeReplay(spec: ReplaySpec): string {
  let prev = defaultsFor(spec.scenario);
  // A change from iteration N on shapes nothing of the first N iterations.
  const changes = spec.changes.filter((c) => c.at < spec.iteration).map((c, i) => {
    const d = diff(c.config, prev, i === 0 ? ['seed'] : []);
    prev = c.config;
    return [c.at, engineCode(c), d];
  });
  const json = strToU8(JSON.stringify([VERSION, spec.scenario, spec.preset, spec.iteration, changes, spec.models ?? null]));
  const packed = deflateSync(json, { level: 9 });
  // 'z' + deflated or 'j' + plain JSON, whichever is shorter (tiny payloads do not shrink).
  return packed.length < json.length ? `z${toBase64Url(packed)}` : `j${toBase64Url(json)}`;
}

const settingsObject = z.record(z.string(), z.union([z.number(), z.boolean(), z.string()]));
const modelsId = z.union([z.string().regex(/^[0-9a-f]{8}$/, 'not a models id'), z.null()]);
const payloadSchema = z.tuple([
  z.union([z.literal(1), z.literal(2), z.literal(VERSION)]),
  z.enum(SCENARIOS.map((s) => s.id) as [string, ...string[]]),
  z.enum(SHARED_PRESETS as unknown as [PresetName, ...PresetName[]]),
  z.number().int().min(1).max(MAX_ITERATIONS),
  z.array(z.tuple([z.number().int().min(0).max(MAX_ITERATIONS), z.enum(['g', 'w', 'x', 't', 'c']), settingsObject])).min(1).max(1000),
], modelsId)
  .refine(([version, , , , changes]) => changes.every(([, e]) => (version === 1 ? e === 'c' || e === 'g' : e !== 'c')), { message: 'an engine this version of the code does not have', path: [4] })
  // Version 3 ends with the models' id; earlier versions end with the changes.
  .refine((p) => p.length === (p[0] === VERSION ? 6 : 5), { message: 'the code has the wrong number of fields for its version', path: [5] });

function unpack(code: string): unknown {
  if (code.length > MAX_CODE_LENGTH) throw new ReplayLinkError(`the code is ${code.length} characters long (at most ${MAX_CODE_LENGTH})`);
  if (!/^[jz][A-Za-z0-9_-]+$/.test(code)) throw new ReplayLinkError('the code has characters a replay code never has (was the link cut or edited?)');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(code.slice(1));
    if (code[0] === 'z') {
      bytes = inflateSync(bytes, { out: new Uint8Array(MAX_JSON_BYTES + 1) });
      if (bytes.length > MAX_JSON_BYTES) throw new ReplayLinkError('the code unpacks to more than a replay link can hold');
    }
    return JSON.parse(strFromU8(bytes));
  } catch (e) {
    if (e instanceof ReplayLinkError) throw e;
    throw new ReplayLinkError('the code is damaged (was the link cut or edited?)');
  }
}

/** The replay a code describes; throws ReplayLinkError saying what is wrong. */
export function decodeReplay(code: string): ReplaySpec {
  const raw = unpack(code);
  // JSON.parse keeps "__proto__" as an own key; check names on the parsed objects before any copy.
  if (Array.isArray(raw) && Array.isArray(raw[4])) {
    for (const c of raw[4]) {
      const settings = Array.isArray(c) ? c[2] : null;
      if (settings && typeof settings === 'object') {
        const unknown = Object.keys(settings).filter((k) => !Object.hasOwn(DEFAULT_PPO, k));
        if (unknown.length) throw new ReplayLinkError(`${unknown.map((k) => JSON.stringify(k)).join(', ')} is not a setting of this playground`);
      }
    }
  }
  const r = payloadSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    const field = ['version', 'scenario', 'model size', 'iteration', 'changes', 'models'][i.path[0] as number] ?? 'the code';
    throw new ReplayLinkError(`${field}${i.path.length > 1 ? ` (${i.path.slice(1).join('.')})` : ''}: ${i.message}`);
  }
  const [version, scenario, preset, iteration, entries, models] = r.data;
  let prev = defaultsFor(scenario);
  const changes: RunChange[] = entries.map(([at, engine, settings], i) => {
    if (i === 0 && at !== 0) throw new ReplayLinkError('the first settings must apply from iteration 0');
    if (i > 0 && at <= entries[i - 1][0]) throw new ReplayLinkError('the settings changes are not in iteration order');
    if (at >= iteration) throw new ReplayLinkError(`a settings change at iteration ${at + 1} of a ${iteration}-iteration replay`);
    if (i === 0 && !Object.hasOwn(settings, 'seed')) throw new ReplayLinkError('the code has no seed');
    let config: PpoConfig;
    try {
      config = makePpoConfig({ ...prev, ...settings });
    } catch (e) {
      throw new ReplayLinkError(e instanceof ConfigError ? e.message : String(e));
    }
    const bad = scenarioProblem(scenario, config);
    if (bad) throw new ReplayLinkError(bad.message);
    prev = config;
    return { at, config, ...engineFrom(engine) };
  });
  return { scenario, preset, iteration, changes, ...(version === VERSION ? { models: models ?? null } : {}) };
}
