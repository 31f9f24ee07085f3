import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { ARITHMETIC_CORRECT_FRACTION, ArithmeticScenario, CORRECT, MALFORMED, WRONG } from './arithmetic';
import { fitsBernoulli } from './test-stats';
import { EOS } from './tokenizer';

const s = new ArithmeticScenario();
const tok = s.tokenizer;
const enc = (t: string) => tok.encode(t);

/** Independent parse of the prompt text, for checking the scenario's own arithmetic. */
function solve(text: string): number {
  const m = /^(\d+) ([+-]) (\d+) =$/.exec(text);
  if (!m) throw new Error(`bad prompt ${text}`);
  return m[2] === '+' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
}

describe('arithmetic scenario', () => {
  it('has numbers 0…8, "+", "-", "=" plus PAD and EOS: V = 14, P = 4, no reward model', () => {
    expect(tok.size).toBe(9 + 3 + 2);
    expect(s.promptLength).toBe(4);
    expect(s.maxResponseLength).toBeGreaterThanOrEqual(2);
    expect(s.hasRewardModel).toBe(false);
  });

  it('asks one-digit sums and non-negative differences, each of length P', () => {
    const prompts = s.prompts(new Rng(1, STREAM.sftBatches), 1000);
    const ops = new Set<string>();
    for (const p of prompts) {
      expect(p).toHaveLength(s.promptLength);
      const text = tok.decode(p);
      expect(text).toMatch(/^\d [+-] \d =$/);
      ops.add(text.split(' ')[1]);
      expect(s.answerOf(p)).toBe(solve(text));
      expect(solve(text)).toBeGreaterThanOrEqual(0);
    }
    expect([...ops].sort()).toEqual(['+', '-']);
  });

  it('has a corpus of "<number> <eos>" answers, ≈ 40% of them right, the rest wrong', () => {
    const n = 2000;
    const ex = s.sftExamples(new Rng(2, STREAM.sftBatches), n);
    let right = 0;
    for (const e of ex) {
      expect(e.response).toHaveLength(2);
      expect(e.response[1]).toBe(EOS);
      expect(tok.decode(e.response)).toMatch(/^\d+$/);
      const g = s.gold(e.prompt, e.response);
      expect(g === CORRECT || g === WRONG).toBe(true);
      if (Number(tok.decode(e.response)) === solve(tok.decode(e.prompt))) right++;
    }
    const fit = fitsBernoulli(right, new Array(n).fill(ARITHMETIC_CORRECT_FRACTION));
    expect(fit.ok, fit.message).toBe(true);
    // Wrong answers vary: SFT must not be able to learn one fixed mistake per prompt.
    expect(new Set(ex.map((e) => tok.decode(e.response))).size).toBeGreaterThan(5);
  });

  it('checks answers: right 1, wrong 0, malformed −1', () => {
    const p = enc('3 + 4 =');
    const cases: [string, number][] = [
      ['7 <eos>', CORRECT],
      ['7 <eos> <pad> <pad>', CORRECT], // PAD after EOS is ignored
      ['7 <eos> 3', CORRECT], // so is anything after EOS
      ['8 <eos>', WRONG],
      ['1 <eos>', WRONG],
      ['7', MALFORMED], // no EOS
      ['7 <pad> <pad>', MALFORMED],
      ['<eos>', MALFORMED], // no number
      ['', MALFORMED],
      ['7 7 <eos>', MALFORMED], // extra token before EOS
      ['= <eos>', MALFORMED],
      ['<pad> 7 <eos>', MALFORMED],
      ['7 <pad> <eos>', MALFORMED],
    ];
    for (const [text, want] of cases) expect(s.gold(p, enc(text)), text).toBe(want);
    expect(s.gold(enc('4 - 2 ='), enc('2 <eos>'))).toBe(CORRECT);
    expect(s.gold(enc('4 - 2 ='), enc('6 <eos>'))).toBe(WRONG);
    expect(s.gold(p, Int32Array.from(enc('7 <eos> <pad>')))).toBe(CORRECT);
  });

  it('refuses a malformed prompt with a clear error', () => {
    expect(() => s.answerOf(enc('3 + 4'))).toThrow(/not a prompt/);
    expect(() => s.answerOf(enc('3 = 4 +'))).toThrow(/not a prompt/);
  });

  it('labels the checked-better answer as chosen, and ties as a coin flip', () => {
    const p = enc('3 + 3 =');
    const rng = new Rng(3, STREAM.sftBatches);
    const right = enc('6 <eos>'), wrong = enc('7 <eos>'), also = enc('5 <eos>');
    const n = 2000;
    let k = 0, tie = 0;
    for (let i = 0; i < n; i++) {
      if (s.label(rng, p, wrong, right).chosen === right) k++;
      if (s.label(rng, p, wrong, also).chosen === wrong) tie++;
    }
    expect(k / n).toBeGreaterThan(0.9);
    expect(Math.abs(tie / n - 0.5)).toBeLessThanOrEqual(5 * 0.5 / Math.sqrt(n) + 1 / n);
  });

  it('is reproducible from the seed', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed, STREAM.sftBatches);
      return [s.prompts(rng, 30), s.sftExamples(rng, 30), s.preferencePairs(rng, 30)];
    };
    expect(draw(4)).toEqual(draw(4));
    expect(draw(4)).not.toEqual(draw(5));
  });
});
