/**
 * No two purposes share random numbers for one seed (src/engine/tensor/streams.ts): the registry's
 * streams are distinct, and the code draws from them — PPO's prompts are not the prompts any stage
 * before PPO draws, the labeler's round 0 is not the SFT measure, and the sampler's (stream, index)
 * of a PPO iteration never equals the labeler's or the pretraining's, even at iteration 32,768 and
 * beyond (the counters used to be folded together: PPO iteration 32,768 drew labeler round 0).
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import type { DrawSettings } from '../engine/model/backend';
import { Gpt } from '../engine/model/gpt';
import { measureSftPolicy } from '../engine/pipeline/measure';
import { modelConfigFor, normaliseReward } from '../engine/pipeline/stages';
import { makePpoConfig } from '../engine/rl/ppo-config';
import { Rng } from '../engine/tensor/rng';
import { SAMPLING_INDEX, STREAM } from '../engine/tensor/streams';
import { labelPairs } from './labeler';
import { OnnxRewardSlot } from './onnx-models';
import { OpenRun } from './open-run';
import { noCurves } from './stage-models';

const reviews = getScenario('reviews');
const config = modelConfigFor(reviews, 'micro');
const seed = 3;
const B = 8;
const ppo = makePpoConfig({ batchSize: B, minibatches: 2, epochs: 1, maxResponseLength: reviews.maxResponseLength, seed });

/** The CPU engine, noting the (stream, index) of every token draw. */
class DrawRecorder extends CpuBackend {
  readonly draws = new Set<string>();
  override sampleNext(seq: Int32Array, logits: Float32Array, B: number, S: number, V: number, pos: number, P: number, d: DrawSettings): void {
    this.draws.add(`${d.stream}:${d.iteration}`);
    super.sampleNext(seq, logits, B, S, V, pos, P, d);
  }
}

function openRun(be: DrawRecorder): OpenRun {
  const sft = new Gpt(be, config, 'lm');
  sft.init(1);
  const rm = new Gpt(be, config, 'reward');
  rm.init(2);
  const stages = { config, sft: sft.params, reward: rm.params, curves: noCurves(), facts: {}, source: 'restored' as const, note: '' };
  return new OpenRun(be, 'cpu', 'CPU', reviews, 'micro', stages, new OnnxRewardSlot(), ppo);
}

const key = (prompts: Int32Array[]) => prompts.map((p) => p.join(',')).join('|');

describe('random streams', () => {
  it('the registry gives every purpose its own stream, and the fixed samplings distinct indices', () => {
    const streams = Object.values(STREAM);
    expect(new Set(streams).size).toBe(streams.length);
    for (const s of streams) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
    const fixed = Object.values(SAMPLING_INDEX);
    expect(new Set(fixed).size).toBe(fixed.length);
  });

  it('an index is a counter word: Rng(seed, stream, i) differs for every i and never repeats Rng(seed, stream)', () => {
    const first = (r: Rng) => Array.from({ length: 4 }, () => r.nextU32()).join(',');
    const seen = new Set([first(new Rng(seed, STREAM.ppoPrompts))]);
    for (const i of [1, 2, 255, 256, 32768, 65535, 2 ** 24, 2 ** 24 + 1, 0xffffffff]) seen.add(first(new Rng(seed, STREAM.ppoPrompts, i)));
    expect(seen.size).toBe(10);
    expect(() => new Rng(seed, STREAM.ppoPrompts, -1)).toThrow(/index must be an integer/);
  });

  const be = new DrawRecorder();
  const run = openRun(be);
  const t = run.trainer;
  /** (stream, index) of the token draws of PPO iterations 0, 1, 32,768, 65,534 and 65,535. */
  const ppoDraws = new Set<string>();

  it('PPO iterations draw prompts that no stage before PPO draws (iteration 0 used to repeat SFT’s)', async () => {
    const stagePrompts = [STREAM.sftBatches, STREAM.rmPairs, STREAM.rmHeldOut, STREAM.rewardNormalisationPrompts, STREAM.sftMeasurePrompts]
      .map((s) => key(reviews.prompts(new Rng(seed, s), B)));
    const ppoPrompts = new Set<string>();
    for (const iteration of [0, 1, 32768, 65534, 65535]) {
      t.iteration = iteration;
      be.draws.clear();
      const r = await t.sample();
      const prompts = Array.from({ length: B }, (_, b) => r.tokens.subarray(b * r.S, b * r.S + r.P));
      expect(stagePrompts, `iteration ${iteration}`).not.toContain(key(prompts));
      ppoPrompts.add(key(prompts));
      for (const d of be.draws) ppoDraws.add(d);
    }
    expect(ppoPrompts.size).toBe(5);
  });

  it('the labeler’s rounds draw their own prompts (round 0 used to be the SFT measure’s)', async () => {
    const labelerPrompts = new Set<string>();
    for (const round of [0, 1, 255, 256]) {
      const pairs = await labelPairs(run, { n: 4, round });
      labelerPrompts.add(key(pairs.map((p) => Int32Array.from(p.prompt))));
    }
    expect(labelerPrompts.size).toBe(4);
    expect([...labelerPrompts]).not.toContain(key(reviews.prompts(new Rng(seed, STREAM.sftMeasurePrompts), 4)));
  });

  it('no token draw of the labeler or of the stages before PPO is one of a PPO iteration’s (PPO 32,768 used to be labeler round 0)', async () => {
    expect(ppoDraws.size).toBe(5);
    be.draws.clear();
    for (const round of [0, 1, 255, 256]) await labelPairs(run, { n: 2, round });
    await normaliseReward(t.models.reward!, t.models.reference, reviews, seed, 4);
    await measureSftPolicy(t.models.reference, reviews, seed, 4);
    expect(be.draws.size).toBe(4 + 2);
    for (const d of be.draws) expect(ppoDraws.has(d), d).toBe(false);
  });
});
