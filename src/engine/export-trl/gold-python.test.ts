import { describe, expect, it } from 'vitest';
import { answerTokens } from '../data/scenario';
import { getScenario, SCENARIOS } from '../data/scenarios';
import { EOS } from '../data/tokenizer';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { goldRewardPython } from './gold-python';
import { python, writeFolder } from './python-check';

/** The Python reward function of the TRL export scores answers exactly as the playground's gold scorer. */
describe('gold_reward.py = the scenario\'s gold (issue #16)', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.id}: corpus answers and random word salads score the same in Python`, () => {
      const rng = new Rng(3, STREAM.test);
      const V = scenario.tokenizer.size;
      const cases: { prompt: number[]; response: number[] }[] = scenario.sftExamples(rng, 300).map((e) => ({ prompt: e.prompt, response: e.response }));
      // Random answers (EOS-terminated, up to T−1 words) reach the rules the corpus rarely does: "not not", stray breaks, malformed sums.
      for (let i = 0; i < 300; i++) {
        const prompt = scenario.prompts(rng, 1)[0];
        const n = 1 + rng.int(scenario.maxResponseLength - 1);
        cases.push({ prompt: Array.from(prompt), response: [...Array.from({ length: n }, () => 2 + rng.int(V - 2)), EOS] });
      }
      const want = cases.map((c) => scenario.gold(c.prompt, c.response));
      expect(new Set(want).size, 'the cases cover several scores').toBeGreaterThan(2);
      const texts = cases.map((c) => ({ prompt: scenario.tokenizer.decode(c.prompt), completion: ` ${scenario.tokenizer.decode(answerTokens(c.response).tokens)}` }));
      const dir = writeFolder({ 'gold_reward.py': goldRewardPython(scenario) });
      const script = `import json, sys\nsys.path.insert(0, ${JSON.stringify(dir)})\nfrom gold_reward import gold_reward\nrows = json.load(sys.stdin)\nprint(json.dumps(gold_reward([r["completion"] for r in rows], prompts=[r["prompt"] for r in rows])))`;
      const got = JSON.parse(python(['-c', script], JSON.stringify(texts))) as number[];
      expect(got).toHaveLength(want.length);
      got.forEach((g, i) => expect(g, `${texts[i].prompt} |${texts[i].completion}`).toBeCloseTo(want[i], 12));
    });
  }

  it('has no scorer for an unknown scenario kind', () => {
    expect(() => goldRewardPython({ ...getScenario('reviews'), id: 'x', language: undefined } as never)).toThrow(/no Python gold scorer/);
  });
});
