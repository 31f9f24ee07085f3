import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { DpoData } from '../rl/dpo';
import { makePpoConfig } from '../rl/ppo-config';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { loadShipped } from './shipped';
import { createPpoRun } from './stages';

// Proofs of learning of the algorithms beyond PPO (issue #14; docs/algorithms.md) on the CPU
// engine, from the shipped tiny checkpoints, on the reviews scenario. GRPO on arithmetic and PPO-ptx
// are proven by their lessons (src/lessons/proofs/lessons.proof.test.ts: ppo-vs-grpo, keep-language).
const fromDisk = async (p: string) => new Uint8Array(readFileSync(join('public', p)));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const end = (xs: number[]) => mean(xs.slice(-3));
const DPO_ITERATIONS = 16;

async function run(iters: number, overrides: Record<string, unknown>) {
  const scenario = getScenario('reviews');
  const shipped = await loadShipped(scenario, 'tiny', fromDisk);
  const trainer = createPpoRun(new CpuBackend(), scenario, shipped.sft.config, shipped.sft.params, shipped.reward!.params, makePpoConfig({ maxResponseLength: scenario.maxResponseLength, ...overrides }));
  const stats: Record<string, number>[] = [];
  for (let i = 0; i < iters; i++) stats.push((await trainer.step()).learning.stats);
  return { stats, manifest: shipped.manifest as Record<string, number> };
}

describe('critic-free policy gradients on the reviews scenario', () => {
  // Measured on seeds 1–3 (shipped tiny checkpoints of the float32 WebAssembly engine; gold = mean of
  // the last 3 iterations): after 12 iterations RLOO 5.14, 5.39, 5.08 and REINFORCE++ 6.01, 5.93, 6.69
  // against the SFT model's 0.53 ± 3.67 (so ≥ 4.20 is the claim: every seed clears it by ≥ 0.24 SFT
  // std); after 15 iterations 6.96, 6.33, 6.49 and 6.66, 7.13, 7.83. The reward model's score rises
  // by 2.5–3.3 in 12 iterations. 12 iterations, seed 1, keep CI short.
  for (const algo of ['rloo', 'reinforce_pp'] as const) {
    it(`${algo}: the gold score rises by ≥ 1 SFT std within 12 iterations (seed 1), RM score rises`, async () => {
      const { stats, manifest } = await run(12, { algo, seed: 1 });
      const gold = stats.map((s) => s['objective/gold_score']), scores = stats.map((s) => s['objective/scores']);
      console.log(`${algo} seed 1: gold ${gold[0].toFixed(2)} → ${end(gold).toFixed(2)} (SFT ${manifest.sftGoldMean.toFixed(2)} ± ${manifest.sftGoldStd.toFixed(2)}), RM score ${scores[0].toFixed(2)} → ${end(scores).toFixed(2)}, KL → ${end(stats.map((s) => s['objective/kl'])).toFixed(2)}`);
      expect(end(gold) - manifest.sftGoldMean).toBeGreaterThanOrEqual(manifest.sftGoldStd);
      expect(end(scores)).toBeGreaterThan(scores[0] + 0.5);
    }, 900_000);
  }
});

describe('DPO on the reviews scenario’s preference pairs', () => {
  // The proof's settings: 128 labeller pairs per iteration, 2 epochs × 2 minibatches, actor learning
  // rate 1e-3 (the lessons' rate), β = 0.5 (DPO's default here). Accuracy is measured on 1024 fresh
  // labeller pairs (seed 987's held-out stream: this run never draws them) after DPO_ITERATIONS; the
  // labels' noise (τ = 1) caps it near the reward model's 86% (manifest). Measured on seeds 1–5 after
  // 16 iterations: 0.844, 0.868, 0.832, 0.849, 0.850 (mean 0.849, sd 0.013); after 12 only 0.816,
  // 0.811, 0.805 (seeds 1–3). Gold of fresh samples (first iteration → mean of the last 3): 0.27 → 6.81,
  // 0.15 → 7.35, 0.53 → 5.69, 0.44 → 6.08, 0.59 → 7.52 (SFT std 3.67). With DPO's page defaults (64 pairs, 4 epochs, 3e-4) it reached
  // 0.796, 0.818, 0.804 after 20 iterations, and with 64 pairs × 4 epochs at 1e-3 0.808–0.863 over five
  // seeds after 16 with a KL of 8–18 nats: fresh pairs generalise better than more epochs on few.
  it(`raises the gold score of fresh samples by ≥ 1 SFT std and reaches rewards/accuracies ≥ 0.8 on held-out pairs (seed 1, ${DPO_ITERATIONS} iterations)`, async () => {
    const scenario = getScenario('reviews');
    const shipped = await loadShipped(scenario, 'tiny', fromDisk);
    const be = new CpuBackend();
    const config = makePpoConfig({ maxResponseLength: scenario.maxResponseLength, algo: 'dpo', batchSize: 128, epochs: 2, actorLr: 1e-3, seed: 1 });
    const trainer = createPpoRun(be, scenario, shipped.sft.config, shipped.sft.params, shipped.reward!.params, config);
    const stats: Record<string, number>[] = [];
    for (let i = 0; i < DPO_ITERATIONS; i++) stats.push((await trainer.step()).learning.stats);
    const heldOut = new DpoData(be, scenario, 1, 1, new Rng(987, STREAM.dpoHeldOut), 1024);
    heldOut.choose(new Rng(988, STREAM.dpoPairs), null);
    const evalStats = (await heldOut.feedback(trainer.models.actor, trainer.models.reference, trainer.config.klCoef, 'sigmoid', 'scenario')).stats;
    const manifest = shipped.manifest as Record<string, number>;
    const gold = stats.map((s) => s['objective/gold_score']);
    const accuracy = evalStats['eval_rewards/accuracies'];
    console.log(`dpo seed 1: gold of fresh samples ${gold[0].toFixed(2)} → ${end(gold).toFixed(2)} (SFT ${manifest.sftGoldMean.toFixed(2)} ± ${manifest.sftGoldStd.toFixed(2)}), held-out accuracy ${accuracy.toFixed(3)} on 1024 fresh pairs (trainer's 128: ${end(stats.map((s) => s['eval_rewards/accuracies'])).toFixed(3)}), KL → ${end(stats.map((s) => s['objective/kl'])).toFixed(2)}`);
    expect(end(gold) - gold[0]).toBeGreaterThanOrEqual(manifest.sftGoldStd);
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
  }, 900_000);
});
