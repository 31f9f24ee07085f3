import { describe, expect, it } from 'vitest';
import { chunksFrom } from './history-columns';
import type { RunMeta } from './record';
import { parseChunks, parseMeta, parseRun, parseSamples, parseSnapshot, RunRecordError } from './schema';
import { statRows, testMeta, testSamples, testSnapshot } from './testing';

/** Every field of a stored run that issue #13 (items 1–2) found could break the page, corrupted one at a time. */
const refusedMeta = (m: unknown) => {
  try {
    parseMeta(m);
  } catch (e) {
    expect(e).toBeInstanceOf(RunRecordError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

const withConfig = (over: Record<string, unknown>, base = testMeta('a', 3)) => ({ ...base, changes: [{ ...base.changes[0], config: { ...base.changes[0].config, ...over } }] });

describe('stored-run schema', () => {
  it('accepts a valid record whole (so every refusal below is about the one corrupted field)', () => {
    const meta = testMeta('a', 3);
    const run = parseRun(meta, chunksFrom('a', statRows(3), meta.statKeys, 0), testSamples('a', [1, 2]));
    expect(run.history).toEqual(statRows(3));
    expect(parseSnapshot(testSnapshot(3), meta).iteration).toBe(3);
  });

  it('refuses missing or mistyped curves and config (item 1)', () => {
    expect(refusedMeta({ ...testMeta('a', 3), curves: undefined })).toMatch(/^curves: /);
    expect(refusedMeta({ ...testMeta('a', 3), curves: { ...testMeta('a', 3).curves, sftLosses: 'x' } })).toMatch(/curves\.sftLosses/);
    expect(refusedMeta({ ...testMeta('a', 3), changes: [{ at: 0, engine: 'cpu' }] })).toMatch(/changes\.0\.config/);
    expect(refusedMeta({ ...testMeta('a', 3), changes: undefined })).toMatch(/changes/);
    expect(refusedMeta(withConfig({ klCoef: '0.1' }))).toMatch(/klCoef must be a number/);
    expect(refusedMeta({ ...testMeta('a', 3), pending: { batchSize: 'x' } })).toMatch(/pending.*batchSize/);
    expect(refusedMeta(null)).toMatch(/expected object/);
    expect(refusedMeta({ ...testMeta('a', 3), version: 2 })).toMatch(/version/);
    expect(refusedMeta({ ...testMeta('a', 3), scenario: 'nope' })).toMatch(/scenario/);
  });

  it('refuses out-of-range settings and iteration counts (item 2)', () => {
    expect(refusedMeta(withConfig({ klCoef: -5 }))).toMatch(/klCoef must be ≥ 0, got -5/);
    expect(refusedMeta({ ...testMeta('a', 3), iteration: 1e12 })).toMatch(/iteration/);
    expect(refusedMeta({ ...testMeta('a', 3), iteration: 2.5 })).toMatch(/iteration/);
    expect(refusedMeta({ ...testMeta('a', 3), klCoef: NaN })).toMatch(/klCoef/);
    const twoChanges = testMeta('a', 3);
    twoChanges.changes = [twoChanges.changes[0], { ...twoChanges.changes[0], at: 5 }];
    expect(refusedMeta(twoChanges)).toMatch(/a change at iteration 5 of a 3-iteration run/);
    twoChanges.changes = [{ ...twoChanges.changes[0], at: 1 }];
    expect(refusedMeta(twoChanges)).toMatch(/from iteration 0/);
  });

  it('refuses setting names that are not own settings (prototype keys), in every config of the record', () => {
    for (const k of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'nonsense']) {
      const config = JSON.parse(`{"seed": 3, "${k}": 1}`); // JSON.parse makes "__proto__" an own key, as a stored record would
      expect(refusedMeta({ ...testMeta('a', 3), changes: [{ at: 0, engine: 'cpu', config }] }), k).toMatch(new RegExp(`not a setting: ${k}`));
      expect(refusedMeta({ ...testMeta('a', 3), pending: config }), k).toMatch(/pending/);
    }
  });

  it('fills settings the engine gained since the record was written with their defaults', () => {
    const meta = testMeta('a', 3);
    const { klEstimator: _dropped, ...older } = meta.changes[0].config;
    expect(parseMeta({ ...meta, changes: [{ ...meta.changes[0], config: older }] }).changes[0].config.klEstimator).toBe('k1');
  });

  it('refuses mistyped weights: steps "x", NaN weights, sizes that do not fit (item 2)', () => {
    const meta = testMeta('a', 3);
    const refused = (s: unknown) => expect(() => parseSnapshot(s, meta)).toThrow(RunRecordError);
    const s = testSnapshot(3);
    refused({ ...s, actor: { ...s.actor, steps: 'x' } });
    expect(() => parseSnapshot({ ...s, actor: { ...s.actor, steps: 'x' } }, meta)).toThrow(/snapshot\.actor\.steps/);
    const nan = testSnapshot(3);
    nan.critic.params[5] = NaN;
    expect(() => parseSnapshot(nan, meta)).toThrow(/snapshot\.critic\.params: holds a NaN/);
    refused({ ...s, actor: { ...s.actor, m: new Float32Array(3) } });
    refused({ ...s, sft: new Float32Array(1) });
    refused({ ...s, actor: { ...s.actor, params: [1, 2, 3] } });
    refused({ ...s, iteration: 1e12 });
    expect(() => parseSnapshot({ ...s, klCoef: 0.5 }, meta)).toThrow(/klCoef: 0.5, but the run's β is 0.05/);
    expect(() => parseSnapshot({ ...s, reward: null }, meta)).toThrow(/needs reward model/);
  });

  it('refuses NaN, infinite or non-numeric statistics and a history that does not match the iteration count (item 2)', () => {
    const meta: RunMeta = testMeta('a', 3);
    const chunks = () => chunksFrom('a', statRows(3), meta.statKeys, 0);
    const nan = chunks();
    nan[0].data[5] = NaN;
    expect(() => parseChunks(nan, meta)).toThrow(/history row 1: objective\/kl is NaN/);
    const inf = chunks();
    inf[0].data[2] = Infinity;
    expect(() => parseChunks(inf, meta)).toThrow(/is Infinity/);
    const strings = chunks();
    (strings[0] as unknown as { data: unknown }).data = Array.from(strings[0].data, (v, i) => (i === 5 ? 'x' : v));
    expect(() => parseChunks(strings, meta)).toThrow(/history chunk 0: not 3 rows of 4 numbers/);
    expect(() => parseChunks([], meta)).toThrow(/0 chunks for 3 iterations/);
    const wrongIteration = chunks();
    wrongIteration[0].data[4] = 7;
    expect(() => parseChunks(wrongIteration, meta)).toThrow(/history row 1: iteration is 7/);
    expect(() => parseChunks(chunks(), { ...meta, iteration: 2 })).toThrow(/not 2 rows/);
  });

  it('refuses sample answers outside the vocabulary or out of order', () => {
    const meta = testMeta('a', 3);
    const bad = testSamples('a', [1, 2]);
    bad.entries[1].tokens[0] = 9999;
    expect(() => parseSamples(bad, meta)).toThrow(/outside the vocabulary/);
    expect(() => parseSamples(testSamples('a', [2, 1]), meta)).toThrow(/out of order/);
    expect(() => parseSamples(testSamples('a', [4]), meta)).toThrow(/out of order/);
    expect(() => parseSamples({ ...testSamples('a', [1]), K: 'x' }, meta)).toThrow(/samples\.K/);
  });
});
