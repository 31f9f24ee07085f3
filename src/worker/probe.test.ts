import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { EOS } from '../engine/data/tokenizer';
import { Gpt } from '../engine/model/gpt';
import { createPpoRun, modelConfigFor } from '../engine/pipeline/stages';
import { makePpoConfig } from '../engine/rl/ppo-config';
import { answerProbes, PROBE_PROMPTS } from './probe';

const reviews = getScenario('reviews');
const config = modelConfigFor(reviews, 'micro');
const sft = new Gpt(new CpuBackend(), config, 'lm');
sft.init(1);
const rm = new Gpt(new CpuBackend(), config, 'reward');
rm.init(2);
const run = (seed: number) => createPpoRun(new CpuBackend(), reviews, config, sft.params, rm.params, makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, seed }));

describe('probe answers (the library\'s "same prompts")', () => {
  it('gives runs with different seeds the same prompts and random numbers: the same policy answers identically', async () => {
    const a = await answerProbes(run(1), reviews);
    const b = await answerProbes(run(99), reviews);
    expect(a.K).toBe(PROBE_PROMPTS);
    expect(a.S).toBe(reviews.promptLength + reviews.maxResponseLength);
    expect(b.tokens).toEqual(a.tokens);
    expect(b.scores).toEqual(a.scores);
    // …and a different policy (after learning) answers differently.
    const moved = run(1);
    for (let i = 0; i < 3; i++) await moved.step();
    const c = await answerProbes(moved, reviews);
    expect(c.after).toBe(3);
    expect([...c.tokens.subarray(0, a.P)]).toEqual([...a.tokens.subarray(0, a.P)]);
    expect(c.tokens).not.toEqual(a.tokens);
  });

  it('scores each answer with the reward model at its last real token, and with the gold scorer', async () => {
    const p = await answerProbes(run(1), reviews);
    const { K, S, P } = p;
    for (let b = 0; b < K; b++) {
      // Independently: the reward model over this one row, read at its EOS (or the last position).
      const row = p.tokens.slice(b * S, (b + 1) * S);
      let last = S - 1;
      for (let t = P; t < S; t++) if (row[t] === EOS) { last = t; break; }
      const one = new Gpt(new CpuBackend(), config, 'reward');
      one.setParams(rm.params);
      one.forward(row, 1, S);
      expect(p.scores[b]).toBeCloseTo((one.output() as Float32Array)[last], 5);
      expect(p.gold[b]).toBe(Math.fround(reviews.gold(row.subarray(0, P), row.subarray(P))));
    }
  });

  it('changes nothing in the run: statistics with and without answering probes are identical', async () => {
    const plain = run(4), probed = run(4);
    for (let i = 0; i < 2; i++) {
      const x = await plain.step();
      await answerProbes(probed, reviews);
      const y = await probed.step();
      expect(y.learning.stats).toEqual(x.learning.stats);
    }
  });
});
