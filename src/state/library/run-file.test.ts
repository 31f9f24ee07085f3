import { describe, expect, it } from 'vitest';
import { parseRunFile, rawRecordText, runFileText } from './run-file';
import { statRows, testMeta, testSamples, testSnapshot } from './testing';

const run = () => ({ meta: testMeta('a', 3, { hasWeights: true }), history: statRows(3), samples: testSamples('a', [0, 2]) });

describe('run files (export / import)', () => {
  it('round-trips statistics, sample answers and weights exactly', () => {
    const weights = testSnapshot(3);
    weights.actor.params[1] = 1 / 3; // a float32 that JSON would not write exactly as a decimal
    const back = parseRunFile(runFileText(run(), weights));
    expect(back.history).toEqual(run().history);
    expect(back.samples).toEqual(run().samples);
    expect(back.weights).toEqual(weights);
    expect(back.meta.curves.rmAccuracies[0]).toBeNaN(); // NaN survives as null
    expect(back.meta.changes).toEqual(run().meta.changes);
    const withoutWeights = parseRunFile(runFileText(run(), null));
    expect(withoutWeights.weights).toBeNull();
    expect(withoutWeights.meta.hasWeights).toBe(false);
  });

  it('refuses anything else with the reason, whole', () => {
    const good = JSON.parse(runFileText(run(), testSnapshot(3)));
    // A parsed JSON file is untyped by nature; the test edits it field by field.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const refused = (change: (f: Record<string, any>) => void) => {
      const f = structuredClone(good);
      change(f);
      return () => parseRunFile(JSON.stringify(f));
    };
    expect(() => parseRunFile('{')).toThrow(/not JSON/);
    expect(() => parseRunFile('{"format":"rlhf-playground-stats"}')).toThrow(/not a run exported by this playground/);
    expect(refused((f) => (f.version = 2))).toThrow(/version 2/);
    expect(refused((f) => (f.history.rows[1][2] = 'x'))).toThrow(/history.rows.1: not a list of numbers/);
    expect(refused((f) => f.history.rows.pop())).toThrow(/not 3 rows/);
    expect(refused((f) => (f.history.rows[0][0] = 5))).toThrow(/history row 0: iteration is 5/);
    expect(refused((f) => (f.meta.changes[0].config.klCoef = -5))).toThrow(/klCoef must be ≥ 0/);
    expect(refused((f) => (f.meta.iteration = 1e12))).toThrow(/iteration/);
    expect(refused((f) => (f.weights.actor.params = 'not base64!'))).toThrow(/weights.actor.params: not base64/);
    expect(refused((f) => (f.weights.actor.steps = 'x'))).toThrow(/snapshot.actor.steps/);
    expect(refused((f) => (f.weights.sft = 'AAAA'))).toThrow(/3 bytes is not a whole number of float32/);
    expect(refused((f) => (f.weights.sft = 'AAAAAA=='))).toThrow(/reference and the actor differ in size/);
    expect(refused((f) => (f.samples.entries[0].tokens = [1, 2]))).toThrow(/not 2 answers of 6 tokens/);
  });

  it('writes a damaged record as it is, typed arrays and NaN included', () => {
    const text = rawRecordText({ a: Float32Array.of(1, NaN), b: NaN, c: [Infinity] });
    expect(JSON.parse(text)).toEqual({ a: { typedArray: 'Float32Array', base64: Buffer.from(Float32Array.of(1, NaN).buffer).toString('base64') }, b: 'NaN', c: ['Infinity'] });
  });
});
