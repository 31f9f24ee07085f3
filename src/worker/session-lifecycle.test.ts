/**
 * The session's requests around its one open run, on the CPU engine with micro models (no fetch:
 * the run is opened from a snapshot): nothing works before a run is open; the next-token bars read
 * the logits of the actor that sampled the rollout, also after it learned; reset, retrained stages,
 * the labeler and the retrained reward model act on the open run and are what a snapshot keeps.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { Gpt } from '../engine/model/gpt';
import { modelConfigFor } from '../engine/pipeline/stages';
import { makePpoConfig } from '../engine/rl/ppo-config';
import type { RunSnapshot, WorkerMessage } from './protocol';
import { Session } from './session';

const reviews = getScenario('reviews');
const config = modelConfigFor(reviews, 'micro');
const ppo = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, maxResponseLength: reviews.maxResponseLength, seed: 4 });

function freshSnapshot(): RunSnapshot {
  const sft = new Gpt(new CpuBackend(), config, 'lm');
  sft.init(1);
  const rm = new Gpt(new CpuBackend(), config, 'reward');
  rm.init(2);
  const critic = new Gpt(new CpuBackend(), config, 'value');
  critic.setParams(rm.params);
  const zeros = (n: number) => new Float32Array(n);
  return {
    actor: { params: sft.params.slice(), m: zeros(sft.params.length), v: zeros(sft.params.length), steps: 0 },
    critic: { params: rm.params.slice(), m: zeros(rm.params.length), v: zeros(rm.params.length), steps: 0 },
    sft: sft.params.slice(), reward: rm.params.slice(), iteration: 0, klCoef: ppo.klCoef,
  };
}

async function openSession(posted: WorkerMessage[] = []): Promise<Session> {
  const s = new Session((m) => posted.push(m));
  await s.open({ scenario: 'reviews', preset: 'micro', engine: 'cpu', ppo, modelsUrl: 'http://127.0.0.1:9/unused/', restore: freshSnapshot(), fallbackSteps: { sft: 1, rm: 1 } });
  return s;
}

describe('Session: one open run', () => {
  it('every run request before open says the run is not open', async () => {
    const s = new Session(() => {});
    await expect(s.sample(false)).rejects.toThrow('the run is not open yet');
    await expect(s.snapshot()).rejects.toThrow('the run is not open yet');
    await expect(s.labelPairs({ n: 1, round: 0 })).rejects.toThrow('the run is not open yet');
    expect(() => s.reset(ppo)).toThrow('the run is not open yet');
  });

  it('next-token bars: the sampling actor’s probabilities, kept through learning only when asked', async () => {
    const s = await openSession();
    const r = await s.sample(true);
    const before = await s.topk({ b: 1, t: 0, k: 5 });
    expect(before.tokens).toHaveLength(5);
    expect(before.probs[0]).toBeGreaterThanOrEqual(before.probs[4]);
    const fb = await s.feedback();
    expect(before.sampledProb).toBeCloseTo(Math.exp(fb.logprobs[1 * r.T + 0]), 5); // the feedback phase's log-prob of the same token
    await s.learn(true);
    expect(await s.topk({ b: 1, t: 0, k: 5 })).toEqual(before); // the logits of the actor that sampled
    await expect(s.topk({ b: r.B, t: 0, k: 5 })).rejects.toThrow(`no token at (${r.B}, 0)`);

    // Not read at sampling (running on "fast"), but the UI may still ask: read before the actor learns.
    const r2 = await s.sample(false);
    const fb2 = await s.feedback();
    await s.learn(true);
    expect((await s.topk({ b: 2, t: 1, k: 3 })).sampledProb).toBeCloseTo(Math.exp(fb2.logprobs[2 * r2.T + 1]), 5);

    await s.sample(false);
    await s.feedback();
    await s.learn(false);
    await expect(s.topk({ b: 0, t: 0, k: 5 })).rejects.toThrow(/the actor has been updated since this rollout was sampled/);
  });

  it('reset starts iteration 0 from the same models; retrained stages replace them and say so', async () => {
    const posted: WorkerMessage[] = [];
    const s = await openSession(posted);
    await s.sample(false);
    await s.feedback();
    expect((await s.learn(false)).iteration).toBe(1);
    const sft = (await s.snapshot()).sft;
    const reset = s.reset(ppo);
    expect(reset.iteration).toBe(0);
    expect(reset.source).toBe('restored');
    expect((await s.snapshot()).actor.params).toEqual(sft); // the actor starts again from the SFT weights

    const trained = await s.trainStages({ sftSteps: 2, rmSteps: 2, seed: 3, ppo });
    expect(trained.source).toBe('trained-here');
    expect(trained.curves.sftLosses).toHaveLength(2);
    expect(trained.curves.rmLosses).toHaveLength(2);
    expect(posted.some((m) => m.type === 'progress' && m.stage === 'rm')).toBe(true);
    const snap = await s.snapshot();
    expect(snap.sft).not.toEqual(sft);
    expect(snap.actor.params).toEqual(snap.sft);
  });

  it('the labeler’s pairs come from the reference; the class’s reward model replaces the run’s and is kept', async () => {
    const s = await openSession();
    const pairs = await s.labelPairs({ n: 3, round: 0 });
    expect(pairs).toHaveLength(3);
    for (const p of pairs) {
      expect(p.prompt).toHaveLength(reviews.promptLength);
      expect(Number.isFinite(p.goldA) && Number.isFinite(p.goldB)).toBe(true);
    }
    const before = (await s.snapshot()).reward!;
    const labelled = pairs.map((p) => ({ prompt: p.prompt, chosen: p.goldA >= p.goldB ? p.a : p.b, rejected: p.goldA >= p.goldB ? p.b : p.a }));
    const reply = await s.retrainReward({ pairs: labelled, steps: 2 });
    expect(reply.pairs).toBe(3);
    expect(reply.session.curves.rmLosses).toHaveLength(2);
    const after = (await s.snapshot()).reward!;
    expect(after).not.toEqual(before);
    s.reset(ppo);
    expect((await s.snapshot()).reward).toEqual(after); // a reset keeps the class's reward model
  });
});
