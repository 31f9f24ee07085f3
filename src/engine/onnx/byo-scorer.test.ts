/**
 * Bring your own reward model in a PPO run (CPU engine, micro preset, reviews scenario): the run's
 * own reward model exported to ONNX and plugged back in through setExternalScorer gives the same
 * feedback phase — scores within 1e-4 scaled (|Δ| / max(1, |score|); ORT and the engine both
 * compute in float32, measured ≈ 1e-7) and therefore the same per-token rewards. An incompatible
 * graph is refused with its message and the run keeps its previous reward source.
 *
 * Weights are seeded, not trained: SFT = GPT-2 init, reward model = random weights with std 1/√C
 * (a GPT-2-initialised reward head is zero and would score every answer 0, hiding any mismatch).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { Gpt } from '../model/gpt';
import { createPpoRun, modelConfigFor } from '../pipeline/stages';
import { makePpoConfig } from '../rl/ppo-config';
import type { ExternalScorer } from '../rl/ppo';
import { RewardModelError } from './byo-reward';
import { attachOnnxRewardModel, externalScorerFromOnnx, maskUpTo, type AttachedRewardModel, type OnnxScorer } from './byo-scorer';
import { diffSummary } from './cross-check';
import { exportModelOnnx, flatFromNamed } from './engine-export';
import { randomParams } from './random-params';

const TOL = 1e-4;
const scenario = getScenario('reviews');
const vocab = [...scenario.tokenizer.vocab];
const config = modelConfigFor(scenario, 'micro');
const B = 16, S = scenario.promptLength + scenario.maxResponseLength;

function run() {
  const sft = new Gpt(new CpuBackend(), config, 'lm');
  sft.init(1);
  const reward = flatFromNamed(randomParams(config, 'reward', 5, 1 / Math.sqrt(config.channels)), config, 'reward');
  return createPpoRun(new CpuBackend(), scenario, config, sft.params, reward, makePpoConfig({ batchSize: B, minibatches: 2, epochs: 1, maxResponseLength: scenario.maxResponseLength }));
}

const attached: AttachedRewardModel[] = [];
afterAll(async () => {
  for (const a of attached) await a.detach();
});

/** Resolves to the refusal (fails the test if the promise resolves). */
async function refusal(p: Promise<unknown>): Promise<RewardModelError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RewardModelError);
  return err as RewardModelError;
}

describe('an exported reward model as the feedback phase reward source', () => {
  it('scores like the internal reward model; refused graphs leave the previous source in place', async () => {
    const ppo = run();
    const rollout = await ppo.sample();
    const own = await ppo.feedback();
    // Sanity: answers vary in length, scores vary.
    expect(new Set(rollout.lastT).size).toBeGreaterThan(1);
    expect(Math.max(...own.scores) - Math.min(...own.scores)).toBeGreaterThan(0.1);

    const bytes = await exportModelOnnx(ppo.models.reward!, vocab);
    // An incompatible graph while the run uses its own RM: the critic's value head (B,S) is not a score.
    const valueOnnx = await exportModelOnnx(ppo.models.critic, vocab);
    const e1 = await refusal(attachOnnxRewardModel(ppo, valueOnnx, vocab, { batch: B, seqLen: S }));
    expect(e1.code).toBe('output-shape');
    expect(e1.message).toBe('Output "values" is shaped [batch, seq]; a reward model must give one score per sequence, shaped (batch) or (batch, 1).');
    const still = await ppo.feedback();
    expect(still.scores).toEqual(own.scores);

    const onnx = await attachOnnxRewardModel(ppo, bytes, vocab, { batch: B, seqLen: S });
    attached.push(onnx);
    expect(onnx.warnings).toEqual([]);
    expect(onnx.handle.vocabCheck).toBe('metadata');
    const spy = vi.spyOn(onnx.handle, 'score');
    const byo = await ppo.feedback();
    expect(spy).toHaveBeenCalledTimes(1); // the scores really came from onnxruntime
    const d = diffSummary(byo.scores, own.scores);
    console.log(`[byo reward] ONNX vs internal reward model, ${B} answers: scores max scaled diff ${d.scaled.toExponential(2)}`);
    expect(d.scaled).toBeLessThan(TOL);
    expect(diffSummary(byo.rewards, own.rewards).scaled).toBeLessThan(TOL);
    expect(byo.kl).toEqual(own.kl);

    // Another scenario's vocabulary: refused by name; the ONNX source attached before stays.
    const arithmetic = getScenario('arithmetic');
    const e2 = await refusal(attachOnnxRewardModel(ppo, bytes, [...arithmetic.tokenizer.vocab], { batch: B, seqLen: S }));
    expect(e2.code).toBe('vocab-mismatch');
    expect(e2.message).toMatch(/^Vocabulary size mismatch: the model has 52 tokens, ours has 14; first difference at index 2/);
    // A run longer than the model's position table: refused at load time, not at the first rollout.
    const e3 = await refusal(attachOnnxRewardModel(ppo, bytes, vocab, { batch: B, seqLen: 99 }));
    expect(e3.message).toBe("The model's position table covers 32 tokens (metadata maxSeqLen), fewer than the 99 requested.");
    expect((await ppo.feedback()).scores).toEqual(byo.scores);

    // The run keeps working: learning, then a whole iteration scored by onnxruntime.
    await ppo.learn();
    const next = await ppo.step();
    expect(next.feedback.scores.every(Number.isFinite)).toBe(true);

    // Detached: back to the internal reward model, same rollout, same scores as the engine gives.
    const again = await ppo.sample();
    const viaOnnx = await ppo.feedback();
    await onnx.detach();
    const viaOwn = await ppo.feedback();
    expect(again.tokens.length).toBe(B * S);
    expect(diffSummary(viaOnnx.scores, viaOwn.scores).scaled).toBeLessThan(TOL);
  });

  it('a later attach replaces an earlier one; detaching the replaced model frees it without unplugging the new one', async () => {
    const ppo = run();
    const bytes = await exportModelOnnx(ppo.models.reward!, vocab);
    const calls: (OnnxScorer | null)[] = [];
    const target = { setExternalScorer: (s: OnnxScorer | null) => { calls.push(s); ppo.setExternalScorer(s); } };
    const first = await attachOnnxRewardModel(target, bytes, vocab, { batch: B, seqLen: S });
    const second = await attachOnnxRewardModel(target, bytes, vocab, { batch: B, seqLen: S });
    attached.push(second);
    await first.detach();
    expect(calls.length).toBe(2);
    expect(calls.every((c) => c !== null)).toBe(true);
    await second.detach();
    expect(calls[2]).toBeNull();
  });

  it('the scorer has the engine hook type and masks everything after the last real token', async () => {
    expect([...maskUpTo([0, 2], 2, 3)]).toEqual([1, 0, 0, 1, 1, 1]);
    expect(() => maskUpTo([3], 1, 3)).toThrow(/lastIndex\[0\] = 3 is outside \[0, 3\)/);
    const handle = { score: async (_t: Int32Array, n: number, _s: number, m?: ArrayLike<number>) => Float32Array.from({ length: n }, (_, b) => Array.from(m!).slice(b * _s, (b + 1) * _s).reduce((a, x) => a + x, 0)) };
    const scorer: ExternalScorer = externalScorerFromOnnx(handle as never); // assignable to rl/ppo.ts's type
    expect([...(await scorer(new Int32Array(6), 2, 3, 1, Int32Array.from([1, 2])))]).toEqual([2, 3]);
  });
});
