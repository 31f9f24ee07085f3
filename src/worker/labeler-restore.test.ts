/**
 * Issue #11, defect 5: a class retraining on a few pairs could make the reward model worse and PPO
 * used it silently, with the stats row still showing the shipped model's accuracy. Now the reply
 * says the held-out accuracy before and after (same held-out pairs), the stage facts and the
 * reward source describe the model in use, and the model the run started with can be restored.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { Gpt } from '../engine/model/gpt';
import { heldOutPairs, modelConfigFor, pairAccuracy } from '../engine/pipeline/stages';
import { makePpoConfig } from '../engine/rl/ppo-config';
import { RewardTrainer } from '../engine/rl/reward-training';
import type { RunSnapshot } from './protocol';
import { Session } from './session';

const reviews = getScenario('reviews');
const config = modelConfigFor(reviews, 'micro');
const ppo = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, maxResponseLength: reviews.maxResponseLength, seed: 4 });

function snapshot(): RunSnapshot {
  const sft = new Gpt(new CpuBackend(), config, 'lm');
  sft.init(1);
  const rm = new Gpt(new CpuBackend(), config, 'reward');
  rm.init(2);
  const zeros = (n: number) => new Float32Array(n);
  return {
    actor: { params: sft.params.slice(), m: zeros(sft.params.length), v: zeros(sft.params.length), steps: 0 },
    critic: { params: rm.params.slice(), m: zeros(rm.params.length), v: zeros(rm.params.length), steps: 0 },
    sft: sft.params.slice(), reward: rm.params.slice(), iteration: 0, klCoef: ppo.klCoef,
  };
}

/** The held-out accuracy of reward weights `w`, measured here independently of the labeler module. */
async function accuracyOf(w: Float32Array): Promise<number> {
  const model = new Gpt(new CpuBackend(), config, 'reward');
  model.setParams(w);
  const P = reviews.promptLength, T = reviews.maxResponseLength;
  const trainer = new RewardTrainer(model, 16, P + T);
  return pairAccuracy(trainer, heldOutPairs(reviews, ppo.seed, 128), P, T);
}

describe('the class’s reward model: before / after, and back', () => {
  it('reports the held-out accuracy before and after on the same pairs, describes the model in use, and restores the original', async () => {
    const s = new Session(() => {});
    const opened = await s.open({ scenario: 'reviews', preset: 'micro', engine: 'cpu', ppo, modelsUrl: 'http://127.0.0.1:9/unused/', restore: snapshot(), fallbackSteps: { sft: 1, rm: 1 } });
    const original = (await s.snapshot()).reward!;
    /** The feedback phase's scores of iteration 0's rollout (the same answers after every reset). */
    const scores = async () => { await s.sample(false); return Array.from((await s.feedback()).scores); };
    const scoresBefore = await scores();
    s.reset(ppo);
    await expect(Promise.resolve().then(() => s.restoreReward())).rejects.toThrow(/already the one this run started with/);

    const pairs = await s.labelPairs({ n: 4, round: 0 });
    const labelled = pairs.map((p) => ({ prompt: p.prompt, chosen: p.a, rejected: p.b }));
    const reply = await s.retrainReward({ pairs: labelled, steps: 3 });
    const retrained = (await s.snapshot()).reward!;
    expect(reply.heldOutBefore).toBeCloseTo(await accuracyOf(original), 10);
    expect(reply.heldOutAccuracy).toBeCloseTo(await accuracyOf(retrained), 10);
    // The stats row and the reward source describe the retrained model.
    expect(reply.session.curves.heldOutAccuracy).toBe(reply.heldOutAccuracy);
    expect(reply.session.facts.rmHeldOutAccuracy).toBe(reply.heldOutAccuracy);
    expect(reply.session.facts.rmClassPairs).toBe(4);
    expect(reply.session.facts.rmSteps).toBe(3);
    expect(reply.session.rewardSource).toEqual({ kind: 'reward-model', name: '', warnings: [], classPairs: 4 });
    // PPO scores with it from the next feedback phase; a reset keeps it and says so.
    expect(await scores()).not.toEqual(scoresBefore);
    expect(s.reset(ppo).rewardSource.classPairs).toBe(4);
    expect(await scores()).not.toEqual(scoresBefore);

    const back = s.restoreReward();
    expect((await s.snapshot()).reward).toEqual(original);
    expect(back.curves).toEqual(opened.curves);
    expect(back.facts).toEqual(opened.facts);
    expect(back.rewardSource.classPairs).toBeUndefined();
    // The next feedback phase scores with the restored weights, and so does the run after a reset.
    expect(await scores()).toEqual(scoresBefore);
    s.reset(ppo);
    expect(await scores()).toEqual(scoresBefore);
    expect(() => s.restoreReward()).toThrow(/already the one this run started with/);
  });
});
