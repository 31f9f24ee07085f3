import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { DEFAULT_SCENARIO_ID, getScenario, SCENARIOS } from './scenarios';
import { EOS, PAD } from './tokenizer';

describe('scenario registry', () => {
  it('defaults to reviews and finds each scenario by id', () => {
    expect(DEFAULT_SCENARIO_ID).toBe('reviews');
    expect(getScenario().id).toBe('reviews');
    for (const s of SCENARIOS) expect(getScenario(s.id)).toBe(s);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    expect(SCENARIOS.map((s) => s.id)).toEqual(['reviews', 'reward-hacking', 'arithmetic']);
  });

  it('names the valid ids when the id is unknown', () => {
    expect(() => getScenario('sentiment')).toThrow(/unknown scenario "sentiment".*reviews, reward-hacking, arithmetic/);
  });
});

// The contract every scenario keeps, whatever its language: what the trainers rely on.
describe.each(SCENARIOS.map((s) => [s.id, s] as const))('scenario contract: %s', (_id, s) => {
  const rng = new Rng(9, STREAM.sftBatches);
  const V = s.tokenizer.size;
  const inVocab = (ids: ArrayLike<number>) => Array.from(ids).every((t) => Number.isInteger(t) && t >= 0 && t < V);

  it('describes itself and has PAD ≠ EOS', () => {
    expect(s.title.length).toBeGreaterThan(0);
    expect(s.description.length).toBeGreaterThan(0);
    expect(s.tokenizer.vocab[PAD]).toBe('<pad>');
    expect(s.tokenizer.vocab[EOS]).toBe('<eos>');
    expect(s.promptLength).toBeGreaterThan(0);
  });

  it('keeps prompts at length P and answers within T, ending with EOS', () => {
    const bad: string[] = [];
    for (const p of s.prompts(rng, 500)) if (p.length !== s.promptLength || !inVocab(p) || p.includes(PAD) || p.includes(EOS)) bad.push(`prompt ${p}`);
    for (const e of s.sftExamples(rng, 500)) {
      if (e.prompt.length !== s.promptLength || !inVocab(e.prompt)) bad.push(`sft prompt ${e.prompt}`);
      if (e.response.length > s.maxResponseLength || e.response.at(-1) !== EOS || !inVocab(e.response)) bad.push(`sft ${e.response}`);
      if (!Number.isFinite(s.gold(e.prompt, e.response))) bad.push(`gold ${e.response}`);
    }
    for (const p of s.preferencePairs(rng, 500)) {
      if (p.prompt.length !== s.promptLength) bad.push(`pair prompt ${p.prompt}`);
      for (const r of [p.chosen, p.rejected]) if (r.length > s.maxResponseLength || r.at(-1) !== EOS || !inVocab(r)) bad.push(`pair ${r}`);
    }
    expect(bad).toEqual([]);
  });

  it('returns the very objects it was given from label', () => {
    const [e1, e2] = s.sftExamples(rng, 2);
    const out = s.label(rng, e1.prompt, e1.response, e2.response);
    expect([out.chosen, out.rejected]).toContain(e1.response);
    expect([out.chosen, out.rejected]).toContain(e2.response);
    expect(out.chosen).not.toBe(out.rejected);
  });

  it('rejects a negative count', () => {
    expect(() => s.prompts(rng, -1)).toThrow(RangeError);
  });
});
