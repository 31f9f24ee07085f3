/**
 * The worker's session on the CPU engine, without a browser: a saved run resumes exactly; a saved
 * run holding NaN is refused as unusable (the page then starts afresh) instead of failing later;
 * and the errors the engine raises when training really diverges are reported as "diverged".
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { CheckpointError } from '../engine/model/checkpoint';
import { Gpt } from '../engine/model/gpt';
import { RewardModelError } from '../engine/onnx/reward-model-checks';
import { createPpoRun, modelConfigFor } from '../engine/pipeline/stages';
import { TrainingDivergedError } from '../engine/rl/diverged';
import { ConfigError, makePpoConfig } from '../engine/rl/ppo-config';
import { classifyError } from './classify';
import type { RunSnapshot, WorkerMessage } from './protocol';
import { Session } from './session';

const reviews = getScenario('reviews');
const config = modelConfigFor(reviews, 'micro');
const ppo = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, maxResponseLength: reviews.maxResponseLength, seed: 5 });

function models() {
  const sft = new Gpt(new CpuBackend(), config, 'lm');
  sft.init(1);
  const rm = new Gpt(new CpuBackend(), config, 'reward');
  rm.init(2);
  return { sft: sft.params, reward: rm.params };
}

async function snapshotAfterOneIteration(): Promise<RunSnapshot> {
  const { sft, reward } = models();
  const t = createPpoRun(new CpuBackend(), reviews, config, sft, reward, ppo);
  await t.step();
  return { actor: await t.models.actor.getState(), critic: await t.models.critic.getState(), sft, reward, iteration: t.iteration, klCoef: t.klCoef };
}

const open = (s: Session, restore: RunSnapshot) =>
  s.open({ scenario: 'reviews', preset: 'micro', engine: 'cpu', ppo, modelsUrl: 'http://127.0.0.1:9/unused/', restore, fallbackSteps: { sft: 1, rm: 1 } });

describe('Session: resuming a saved run', () => {
  it('resumes at the saved iteration and samples like the run it was saved from would', async () => {
    const snap = await snapshotAfterOneIteration();
    const posted: WorkerMessage[] = [];
    const s = new Session((m) => posted.push(m));
    const reply = await open(s, snap);
    expect(reply.source).toBe('restored');
    expect(reply.iteration).toBe(1);
    expect(reply.rewardSource).toEqual({ kind: 'reward-model', name: '', warnings: [] });
    const resumed = await s.sample(false);
    const fb = await s.feedback();
    expect(fb.values.every(Number.isFinite)).toBe(true);

    // The same state in a trainer of its own gives the same next rollout.
    const t = createPpoRun(new CpuBackend(), reviews, config, snap.sft, snap.reward, ppo);
    t.models.actor.setState(snap.actor);
    t.models.critic.setState(snap.critic);
    t.iteration = snap.iteration;
    t.klCoef = snap.klCoef;
    expect((await t.sample()).tokens).toEqual(resumed.tokens);
  });

  it('refuses a saved run holding NaN, naming the part, as an unusable checkpoint', async () => {
    const snap = await snapshotAfterOneIteration();
    const critic = { ...snap.critic, params: snap.critic.params.slice() };
    critic.params[17] = NaN;
    const err = await open(new Session(() => {}), { ...snap, critic }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as Error).message).toBe("Not a usable checkpoint: the saved run's critic weights are not all finite numbers");
    expect(classifyError(err).kind).toBe('checkpoint');
    const bad = await open(new Session(() => {}), { ...snap, klCoef: Infinity }).then(() => null, (e: unknown) => e);
    expect((bad as Error).message).toMatch(/iteration \(1\) or β \(Infinity\) is not valid/);
  });
});

describe('classifyError: what the UI is told', () => {
  it('a critic that produces NaN is "diverged", with the settings to change', async () => {
    const { sft, reward } = models();
    const t = createPpoRun(new CpuBackend(), reviews, config, sft, reward, ppo);
    const poisoned = await t.models.critic.getParams();
    poisoned.fill(NaN);
    t.models.critic.setParams(poisoned);
    await t.sample();
    const err = await t.feedback().then(() => null, (e: unknown) => e);
    expect((err as Error).message).toMatch(/^a value became NaN: training diverged — the critic's updates are too large: lower criticLr \(now 0\.001\)/);
    expect(classifyError(err)).toEqual({ kind: 'diverged' });
  });

  it('every other kind', () => {
    expect(classifyError(new RewardModelError('runtime', 'The reward model returned a non-finite score (NaN) for sequence 0.'))).toEqual({ kind: 'model-file' });
    expect(classifyError(new ConfigError('clipEps', 'must be ≥ 0'))).toEqual({ kind: 'config', field: 'clipEps' });
    expect(classifyError(new CheckpointError('truncated'))).toEqual({ kind: 'checkpoint' });
    // By class, not by wording: an unusable checkpoint stays one even when its message mentions NaN.
    expect(classifyError(new CheckpointError('tensor "wte" contains NaN or infinity'))).toEqual({ kind: 'checkpoint' });
    expect(classifyError(new TrainingDivergedError('SFT loss is NaN: training diverged (lower the learning rate)'))).toEqual({ kind: 'diverged' });
    expect(classifyError(new Error('something else'))).toEqual({ kind: 'other' });
  });
});
