/**
 * The projector's before / after answers (issue #11): the reference and the actor answer the same
 * prompts with the same random numbers, deterministically from the seed, with gold and
 * reward-model scores that are the scenario's and the reward model's own.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { Gpt } from '../engine/model/gpt';
import { createPpoRun, modelConfigFor } from '../engine/pipeline/stages';
import { makePpoConfig } from '../engine/rl/ppo-config';
import { compareAnswers } from './compare-answers';

const reviews = getScenario('reviews');
const config = modelConfigFor(reviews, 'micro');

function run(seed: number, actorLr = 3e-4) {
  const sft = new Gpt(new CpuBackend(), config, 'lm');
  sft.init(1);
  const rm = new Gpt(new CpuBackend(), config, 'reward');
  rm.init(2);
  const ppo = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 2, maxResponseLength: reviews.maxResponseLength, seed, actorLr });
  return { trainer: createPpoRun(new CpuBackend(), reviews, config, sft.params, rm.params, ppo), rm: rm.params };
}

describe('before / after answers for the projector', () => {
  it('at iteration 0 the actor is the reference: both answer every prompt identically', async () => {
    const { trainer } = run(4);
    const r = await compareAnswers(trainer, reviews, 3);
    expect(r.iteration).toBe(0);
    expect(r.scoreSource).toBe('reward-model');
    expect(r.rows).toHaveLength(3);
    for (const row of r.rows) {
      expect(row.prompt).toHaveLength(reviews.promptLength);
      expect(row.after).toEqual(row.before);
      expect(row.before.tokens.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic from the seed: the same prompts and answers in a fresh session, others for another seed', async () => {
    const a = await compareAnswers(run(4).trainer, reviews, 3);
    const b = await compareAnswers(run(4).trainer, reviews, 3);
    expect(b).toEqual(a);
    const c = await compareAnswers(run(5).trainer, reviews, 3);
    expect(c.rows.map((x) => x.prompt)).not.toEqual(a.rows.map((x) => x.prompt));
  });

  it('after PPO updates the reference answers stay as they were and the actor’s change', async () => {
    const { trainer } = run(4, 0.05);
    const before = await compareAnswers(trainer, reviews, 6);
    for (let i = 0; i < 3; i++) await trainer.step();
    const after = await compareAnswers(trainer, reviews, 6);
    expect(after.iteration).toBe(3);
    expect(after.rows.map((x) => x.before)).toEqual(before.rows.map((x) => x.before));
    expect(after.rows.some((x) => JSON.stringify(x.after.tokens) !== JSON.stringify(x.before.tokens))).toBe(true);
  });

  it('scores are the gold scorer’s and the reward model’s own, row by row', async () => {
    const { trainer, rm } = run(4);
    const r = await compareAnswers(trainer, reviews, 3);
    const P = reviews.promptLength;
    const solo = new Gpt(new CpuBackend(), config, 'reward');
    solo.setParams(rm);
    for (const row of r.rows) {
      for (const ans of [row.before, row.after]) {
        expect(ans.gold).toBe(reviews.gold(Int32Array.from(row.prompt), Int32Array.from(ans.tokens)));
        // The reward model on this one answer alone: its output at the last real token.
        const seq = Int32Array.from([...row.prompt, ...ans.tokens]);
        const be = solo.backend;
        const ids = be.ints(seq.length, 'test.seq');
        be.uploadInts(ids, seq);
        solo.forward(ids, 1, seq.length);
        const out = await be.read(solo.output());
        expect(ans.score).toBeCloseTo(out[P + ans.tokens.length - 1], 5);
      }
    }
  });

  it('a scenario without a reward model reports the checker’s score', async () => {
    const arithmetic = getScenario('arithmetic');
    const cfg = modelConfigFor(arithmetic, 'micro');
    const sft = new Gpt(new CpuBackend(), cfg, 'lm');
    sft.init(1);
    const ppo = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, maxResponseLength: arithmetic.maxResponseLength, seed: 2 });
    const trainer = createPpoRun(new CpuBackend(), arithmetic, cfg, sft.params, null, ppo);
    const r = await compareAnswers(trainer, arithmetic, 2);
    expect(r.scoreSource).toBe('checker');
    for (const row of r.rows) expect(row.before.score).toBe(row.before.gold);
  });

  it('refuses a count it cannot show', async () => {
    await expect(compareAnswers(run(4).trainer, reviews, 0)).rejects.toThrow(RangeError);
  });
});
