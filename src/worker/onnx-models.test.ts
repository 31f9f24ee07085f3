/**
 * The worker's ONNX side (CPU engine, micro preset, onnxruntime-web wasm in Node): the four models
 * export with their current weights and the right head; a loaded reward model scores the feedback
 * phase, follows the run into a fresh trainer (reset), refuses settings its fixed shapes cannot
 * serve, and once detached the run's own reward model scores again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { Gpt } from '../engine/model/gpt';
import { diffSummary } from '../engine/onnx/cross-check';
import { flatFromNamed } from '../engine/onnx/engine-export';
import { decodeModel, encodeModel } from '../engine/onnx/onnx-proto';
import { randomParams } from '../engine/onnx/random-params';
import { RewardModelError } from '../engine/onnx/reward-model-checks';
import { createPpoRun, modelConfigFor } from '../engine/pipeline/stages';
import { ConfigError, makePpoConfig } from '../engine/rl/ppo-config';
import { exportRunModel, OnnxRewardSlot } from './onnx-models';

const reviews = getScenario('reviews');
const config = modelConfigFor(reviews, 'micro');
const B = 8;
const ppoConfig = makePpoConfig({ batchSize: B, minibatches: 2, epochs: 1, maxResponseLength: reviews.maxResponseLength, seed: 3 });
const sft = new Gpt(new CpuBackend(), config, 'lm');
sft.init(1);
// Random reward weights (std 1/√C): a GPT-2-initialised reward head is zero and scores everything 0.
const rewardParams = flatFromNamed(randomParams(config, 'reward', 5, 1 / Math.sqrt(config.channels)), config, 'reward');
const newRun = () => createPpoRun(new CpuBackend(), reviews, config, sft.params, rewardParams, ppoConfig);

const slots: OnnxRewardSlot[] = [];
afterAll(async () => {
  for (const s of slots) await s.detach(null);
});

/** The exported reward model with its head bias raised by `shift`: scores = own scores + shift. */
function shifted(bytes: Uint8Array, shift: number, inputDims?: (string | number)[]): Uint8Array {
  const m = decodeModel(bytes);
  const bias = m.graph.initializers.find((t) => t.name === 'head.b')!;
  bias.raw = bias.raw!.slice();
  const view = new DataView(bias.raw.buffer);
  view.setFloat32(0, view.getFloat32(0, true) + shift, true);
  if (inputDims) for (const inp of m.graph.inputs) inp.shape = [...inputDims];
  return encodeModel(m);
}

describe('ONNX downloads from a run', () => {
  it('exports each model with its head, its current weights and a name that says which', async () => {
    const t = newRun();
    const outputs = { actor: 'logits', critic: 'values', reward: 'score', reference: 'logits' } as const;
    for (const role of ['actor', 'critic', 'reward', 'reference'] as const) {
      const r = await exportRunModel(t, reviews, 'micro', role);
      expect(r.filename).toBe(`rlhf-reviews-micro-${role}-iter0.onnx`);
      const m = decodeModel(r.bytes);
      expect(m.graph.outputs.map((o) => o.name)).toEqual([outputs[role]]);
      expect(m.producerVersion).toBe(`reviews/micro ${role} after 0 PPO iterations`);
    }
    // After one update the actor's file carries the new weights; the reference's does not change.
    const before = { actor: (await exportRunModel(t, reviews, 'micro', 'actor')).bytes, reference: (await exportRunModel(t, reviews, 'micro', 'reference')).bytes };
    await t.step();
    const after = { actor: (await exportRunModel(t, reviews, 'micro', 'actor')), reference: (await exportRunModel(t, reviews, 'micro', 'reference')).bytes };
    expect(after.actor.filename).toBe('rlhf-reviews-micro-actor-iter1.onnx');
    const init = (bytes: Uint8Array) => decodeModel(bytes).graph.initializers.find((x) => x.name === 'h0.mlp.fc.w')!.raw!;
    expect(Buffer.from(init(after.actor.bytes)).equals(Buffer.from(init(before.actor)))).toBe(false);
    expect(Buffer.from(init(after.reference)).equals(Buffer.from(init(before.reference)))).toBe(true);
    t.release();
  });

  it('a scenario scored by its checker has no reward model to export', async () => {
    const arithmetic = getScenario('arithmetic');
    const cfg = modelConfigFor(arithmetic, 'micro');
    const lm = new Gpt(new CpuBackend(), cfg, 'lm');
    lm.init(2);
    const t = createPpoRun(new CpuBackend(), arithmetic, cfg, lm.params, null, makePpoConfig({ batchSize: B, minibatches: 2, maxResponseLength: arithmetic.maxResponseLength }));
    await expect(exportRunModel(t, arithmetic, 'micro', 'reward')).rejects.toThrow('the "arithmetic" scenario scores answers with its checker: there is no reward model to export');
    expect(new OnnxRewardSlot().source(arithmetic)).toEqual({ kind: 'checker', name: '', warnings: [] });
    t.release();
  });
});

describe('a loaded ONNX reward model in the session', () => {
  it('scores the feedback phase, follows the run through a reset, and detaches back to the own reward model', async () => {
    const slot = new OnnxRewardSlot();
    slots.push(slot);
    expect(slot.source(reviews)).toEqual({ kind: 'reward-model', name: '', warnings: [] });
    const first = newRun();
    await first.sample();
    const own = (await first.feedback()).scores;
    const bytes = shifted((await exportRunModel(first, reviews, 'micro', 'reward')).bytes, 1);

    // A refused file leaves the source as it was.
    await expect(slot.attach(first, reviews, 'bad.onnx', new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(RewardModelError);
    expect(slot.source(reviews).kind).toBe('reward-model');

    expect(await slot.attach(first, reviews, 'plus-one.onnx', bytes)).toEqual({ kind: 'onnx', name: 'plus-one.onnx', warnings: [] });
    const viaOnnx = (await first.feedback()).scores;
    expect(diffSummary(viaOnnx, own.map((s) => s + 1)).scaled).toBeLessThan(1e-5);

    // A reset builds a new trainer: it scores with the loaded model too (same seed → same rollout).
    first.release();
    const second = newRun();
    slot.adopt(second);
    await second.sample();
    expect(diffSummary((await second.feedback()).scores, own.map((s) => s + 1)).scaled).toBeLessThan(1e-5);

    await slot.detach(second);
    expect(slot.source(reviews).kind).toBe('reward-model');
    expect(diffSummary((await second.feedback()).scores, own).scaled).toBeLessThan(1e-6);
    second.release();
  });

  it('refuses settings that a fixed-shape model cannot serve, naming the field', async () => {
    const slot = new OnnxRewardSlot();
    slots.push(slot);
    const T = ppoConfig.maxResponseLength - 2, S = reviews.promptLength + T;
    const short = makePpoConfig({ ...ppoConfig, maxResponseLength: T });
    const t = createPpoRun(new CpuBackend(), reviews, config, sft.params, rewardParams, short);
    const fixed = shifted((await exportRunModel(t, reviews, 'micro', 'reward')).bytes, 0, [B, S]);
    slot.checkConfig(reviews, makePpoConfig({ ...short, batchSize: 32 })); // nothing loaded: anything goes
    await slot.attach(t, reviews, 'fixed.onnx', fixed);
    slot.checkConfig(reviews, short);
    // Shorter answers fit (right-padded, masked); more sequences or longer answers do not.
    slot.checkConfig(reviews, makePpoConfig({ ...short, maxResponseLength: T - 2 }));
    const refusal = (c: Partial<typeof ppoConfig>) => {
      try {
        slot.checkConfig(reviews, makePpoConfig({ ...short, ...c }));
      } catch (e) {
        return e as ConfigError;
      }
      return null;
    };
    const e1 = refusal({ batchSize: 16 })!;
    expect(e1).toBeInstanceOf(ConfigError);
    expect(e1.field).toBe('batchSize');
    expect(e1.message).toBe(`batchSize does not fit the loaded reward model "fixed.onnx": Input "input_ids" has a fixed batch dimension (dimension 0) of ${B}, but 16 sequences were given. Go back to the built-in reward model to use this value.`);
    const e2 = refusal({ maxResponseLength: T + 2 })!;
    expect(e2).toBeInstanceOf(ConfigError);
    expect(e2.field).toBe('maxResponseLength');
    expect(e2.message).toMatch(/fixed sequence dimension \(dimension 1\) of \d+, smaller than the \d+ tokens requested/);
    await slot.detach(t);
    expect(refusal({ batchSize: 16 })).toBeNull();
    t.release();
  });
});
