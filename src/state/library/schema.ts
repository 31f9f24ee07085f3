import { z } from 'zod';
import { getScenario, SCENARIOS } from '../../engine/data/scenarios';
import { ConfigError, DEFAULT_PPO, makePpoConfig, type PpoConfig } from '../../engine/rl/ppo-config';
import type { RunSnapshot } from '../../worker/protocol';
import { chunkCount, rowsOf } from './history-columns';
import { CHUNK_ROWS, MAX_PROBES, RUN_RECORD_VERSION, type HistoryChunk, type LoadedRun, type RunMeta, type RunSamples } from './record';

/**
 * The one schema every stored or imported run passes before the page uses it (issue #13, items
 * 1–2): types, finite numbers, array lengths, settings the engine accepts, iteration counts that
 * agree with each other. A refused record is never half-used: the caller keeps it aside and starts
 * afresh (persistence.ts).
 */
export class RunRecordError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.slice(0, 3).join('; ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''));
    this.name = 'RunRecordError';
  }
}

/** The most iterations a run may claim (the engine's own limit for totalIterations). */
export const MAX_ITERATIONS = 10_000_000;

const iterationCount = z.number().int().min(0).max(MAX_ITERATIONS);
const allFinite = (xs: ArrayLike<number>) => {
  for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i])) return false;
  return true;
};
const floats = z.instanceof(Float32Array).refine(allFinite, 'holds a NaN or infinite number');

/**
 * A full PPO config: only the engine's own setting names (own keys: "constructor" or "__proto__"
 * are refused), every value accepted by makePpoConfig. Settings added to the engine after the
 * record was written take their defaults (which reproduce the behaviour from before they existed).
 */
export const configSchema = z.unknown().transform((v, ctx): PpoConfig => {
  // Checked on the value itself: a copy (as z.record makes) would silently drop an own "__proto__" key.
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: `expected the settings object, received ${v === null ? 'null' : typeof v}` });
    return z.NEVER;
  }
  const unknown = Object.keys(v).filter((k) => !Object.hasOwn(DEFAULT_PPO, k));
  if (unknown.length) {
    ctx.addIssue({ code: 'custom', message: `not a setting: ${unknown.join(', ')}` });
    return z.NEVER;
  }
  try {
    return makePpoConfig(v as Record<string, unknown>);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof ConfigError ? e.message : String(e), path: e instanceof ConfigError ? [e.field] : [] });
    return z.NEVER;
  }
});

// An accuracy before the first evaluation is NaN (null in a JSON file, which has no NaN).
const curveValue = z.union([z.number(), z.nan(), z.null().transform(() => NaN)]);
export const curvesSchema = z.object({
  sftLosses: z.array(curveValue).max(100_000),
  rmLosses: z.array(curveValue).max(100_000),
  rmAccuracies: z.array(curveValue).max(100_000),
  heldOutAccuracy: z.number().nullable(),
});

const modelState = z.object({ params: floats, m: floats, v: floats, steps: z.number().int().min(0).max(1e9) })
  .refine((s) => s.m.length === s.params.length && s.v.length === s.params.length, 'weights and Adam moments differ in length');

export const snapshotSchema = z.object({
  actor: modelState,
  critic: modelState,
  sft: floats,
  reward: floats.nullable(),
  iteration: iterationCount,
  klCoef: z.number(),
}).refine((s) => s.sft.length === s.actor.params.length, 'the reference and the actor differ in size')
  .refine((s) => s.reward === null || s.reward.length === s.critic.params.length, 'the reward model and the critic differ in size');

const changeSchema = z.object({ at: iterationCount, config: configSchema, engine: z.enum(['cpu', 'gpu']), kernels: z.enum(['wasm', 'wasm-exact', 'ts']).optional() });

export const metaSchema = z.object({
  version: z.literal(RUN_RECORD_VERSION),
  id: z.string().min(1).max(64),
  name: z.string().max(200),
  scenario: z.enum(SCENARIOS.map((s) => s.id) as [string, ...string[]]),
  preset: z.enum(['micro', 'tiny', 'small']),
  changes: z.array(changeSchema).min(1).max(100_000),
  pending: configSchema.nullable(),
  iteration: iterationCount,
  klCoef: z.number(),
  statKeys: z.array(z.string().min(1).max(100)).max(500),
  forkOf: z.object({ id: z.string().min(1).max(64), name: z.string().max(200), at: iterationCount }).nullable(),
  notReplayable: z.array(z.object({ reason: z.enum(['reward-retrained', 'onnx-reward', 'stages-trained-here']), at: iterationCount })).max(1000),
  curves: curvesSchema,
  hasWeights: z.boolean(),
  bytes: z.object({ history: z.number().min(0), samples: z.number().min(0), weights: z.number().min(0) }),
  createdAt: z.number().min(0),
  savedAt: z.number().min(0),
}).superRefine((m, ctx) => {
  const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
  if (m.changes[0].at !== 0) issue('the first settings must apply from iteration 0', ['changes', 0, 'at']);
  m.changes.forEach((c, i) => {
    if (i > 0 && c.at <= m.changes[i - 1].at) issue('changes are not in iteration order', ['changes', i, 'at']);
    if (c.at > m.iteration) issue(`a change at iteration ${c.at} of a ${m.iteration}-iteration run`, ['changes', i, 'at']);
  });
  if (m.forkOf && m.forkOf.at > m.iteration) issue('forked after its own last iteration', ['forkOf', 'at']);
  if (m.iteration > 0 && !m.statKeys.includes('iteration')) issue('the statistics have no "iteration" column', ['statKeys']);
  if (new Set(m.statKeys).size !== m.statKeys.length) issue('a statistic is named twice', ['statKeys']);
});

/** "path: message" lines of a zod error, the path as the record spells it. */
function describe(where: string, e: z.ZodError): string[] {
  return e.issues.map((i) => `${[where, ...i.path].filter((p) => p !== '').join('.')}: ${i.message}`);
}

export function parseMeta(raw: unknown): RunMeta {
  const r = metaSchema.safeParse(raw);
  if (!r.success) throw new RunRecordError(describe('', r.error));
  return r.data as RunMeta;
}

export function parseSnapshot(raw: unknown, meta: RunMeta): RunSnapshot {
  const r = snapshotSchema.safeParse(raw);
  if (!r.success) throw new RunRecordError(describe('snapshot', r.error));
  const s = r.data;
  const problems: string[] = [];
  if (s.iteration !== meta.iteration) problems.push(`snapshot.iteration: ${s.iteration}, but the run has ${meta.iteration} iterations`);
  if (s.klCoef !== meta.klCoef) problems.push(`snapshot.klCoef: ${s.klCoef}, but the run's β is ${meta.klCoef}`);
  if ((s.reward === null) === getScenario(meta.scenario).hasRewardModel) problems.push(`snapshot.reward: scenario "${meta.scenario}" ${s.reward === null ? 'needs' : 'has no'} reward model`);
  if (problems.length) throw new RunRecordError(problems);
  return s;
}

/** The history rows of checked chunks: the right count and sizes, finite numbers, `iteration` = row index. */
export function parseChunks(chunks: readonly unknown[], meta: RunMeta): Record<string, number>[] {
  const n = meta.iteration, K = meta.statKeys.length;
  const problems: string[] = [];
  if (chunks.length !== chunkCount(n)) problems.push(`history: ${chunks.length} chunks for ${n} iterations (expected ${chunkCount(n)})`);
  const it = meta.statKeys.indexOf('iteration');
  chunks.forEach((raw, i) => {
    const c = raw as Partial<HistoryChunk> | null;
    const rows = Math.min(CHUNK_ROWS, n - i * CHUNK_ROWS);
    if (!c || c.index !== i || c.rows !== rows || !(c.data instanceof Float64Array) || c.data.length !== rows * K) {
      problems.push(`history chunk ${i}: not ${rows} rows of ${K} numbers`);
      return;
    }
    for (let r = 0; r < rows && problems.length < 10; r++) {
      for (let k = 0; k < K; k++) {
        const v = c.data[r * K + k];
        if (!Number.isFinite(v)) problems.push(`history row ${i * CHUNK_ROWS + r}: ${meta.statKeys[k]} is ${v}`);
      }
      if (it >= 0 && c.data[r * K + it] !== i * CHUNK_ROWS + r) problems.push(`history row ${i * CHUNK_ROWS + r}: iteration is ${c.data[r * K + it]}`);
    }
  });
  if (problems.length) throw new RunRecordError(problems);
  return rowsOf(chunks as HistoryChunk[], meta.statKeys);
}

const samplesSchema = z.object({
  runId: z.string(),
  K: z.number().int().min(1).max(64),
  S: z.number().int().min(2).max(1024),
  P: z.number().int().min(1).max(1024),
  stride: z.number().int().min(1).max(MAX_ITERATIONS),
  entries: z.array(z.object({ after: iterationCount, tokens: z.instanceof(Int32Array), scores: floats, gold: floats })).max(MAX_PROBES + 1),
});

export function parseSamples(raw: unknown, meta: RunMeta): RunSamples {
  const r = samplesSchema.safeParse(raw);
  if (!r.success) throw new RunRecordError(describe('samples', r.error));
  const s = r.data;
  const V = getScenario(meta.scenario).tokenizer.size;
  const problems: string[] = [];
  if (s.P >= s.S) problems.push('samples: the prompt fills the whole sequence');
  s.entries.forEach((e, i) => {
    if (e.tokens.length !== s.K * s.S || e.scores.length !== s.K || e.gold.length !== s.K) problems.push(`samples.entries.${i}: not ${s.K} answers of ${s.S} tokens`);
    else if (!e.tokens.every((t) => t >= 0 && t < V)) problems.push(`samples.entries.${i}: a token outside the vocabulary`);
    if (e.after > meta.iteration || (i > 0 && e.after <= s.entries[i - 1].after)) problems.push(`samples.entries.${i}: after ${e.after} is out of order`);
  });
  if (problems.length) throw new RunRecordError(problems);
  return s;
}

/** Everything but the weights, checked; throws RunRecordError listing what is wrong. */
export function parseRun(meta: unknown, chunks: readonly unknown[], samples: unknown): LoadedRun {
  const m = parseMeta(meta);
  return { meta: m, history: parseChunks(chunks, m), samples: samples === undefined || samples === null ? null : parseSamples(samples, m) };
}
