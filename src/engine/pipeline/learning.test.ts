import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { Gpt } from '../model/gpt';
import { RewardTrainer } from '../rl/reward-training';
import { makePpoConfig } from '../rl/ppo-config';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { loadShipped } from './shipped';
import { createPpoRun, packPairs } from './stages';

// Proof of learning on the CPU engine, from the shipped checkpoints (npm run pretrain-models), tiny preset.
const fromDisk = async (p: string) => new Uint8Array(readFileSync(join('public', p)));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function ppoRun(id: string, iters: number, overrides: Record<string, unknown>) {
  const scenario = getScenario(id);
  const shipped = await loadShipped(scenario, 'tiny', fromDisk);
  const run = createPpoRun(new CpuBackend(), scenario, shipped.sft.config, shipped.sft.params, shipped.reward?.params ?? null, makePpoConfig({ maxResponseLength: scenario.maxResponseLength, ...scenario.ppoDefaults, ...overrides }));
  const stats: Record<string, number>[] = [];
  for (let i = 0; i < iters; i++) stats.push((await run.step()).learning.stats);
  return { stats, manifest: shipped.manifest as Record<string, number> };
}

describe('reward model (default scenario)', () => {
  it('reaches ≥ 80% accuracy on fresh held-out labeler pairs', { timeout: 300_000 }, async () => {
    const scenario = getScenario('reviews');
    const { reward } = await loadShipped(scenario, 'tiny', fromDisk);
    const model = new Gpt(new CpuBackend(), reward!.config, 'reward');
    model.setParams(reward!.params);
    const B = 64, P = scenario.promptLength, T = scenario.maxResponseLength;
    const trainer = new RewardTrainer(model, B, P + T);
    const pairs = scenario.preferencePairs(new Rng(987, STREAM.rmHeldOut), 16 * B); // a seed pretraining never used
    let acc = 0;
    for (let i = 0; i < 16; i++) acc += (await trainer.evaluate(packPairs(pairs.slice(i * B, (i + 1) * B), P, T))).accuracy / 16;
    console.log(`reward model held-out accuracy on 1024 fresh pairs: ${acc.toFixed(3)}`);
    expect(acc).toBeGreaterThanOrEqual(0.8);
  });
});

describe('PPO on the default scenario (positive reviews), three seeds', () => {
  for (const seed of [1, 2, 3]) {
    // KL bound: 12 nats per answer, i.e. on average at most 1 nat of log-ratio to the reference per
    // token of the longest answer (T = 12) — the policy may change its words, not its language.
    it(`seed ${seed}: gold score rises by ≥ 1 SFT std within 15 iterations, RM score rises, KL ≤ 12 nats/answer, ≥ 90% EOS`, async () => {
      const { stats, manifest } = await ppoRun('reviews', 15, { seed });
      const gold = stats.map((s) => s['objective/gold_score']);
      const scores = stats.map((s) => s['objective/scores']);
      const end = (xs: number[]) => mean(xs.slice(-3));
      console.log(`seed ${seed}: gold ${gold[0].toFixed(2)} → ${end(gold).toFixed(2)} (SFT ${manifest.sftGoldMean.toFixed(2)} ± ${manifest.sftGoldStd.toFixed(2)}), RM score ${scores[0].toFixed(2)} → ${end(scores).toFixed(2)}, max KL ${Math.max(...stats.map((s) => s['objective/kl'])).toFixed(2)}, EOS ${stats.at(-1)!['response/eos_rate'].toFixed(2)}`);
      expect(end(gold) - manifest.sftGoldMean).toBeGreaterThanOrEqual(manifest.sftGoldStd);
      expect(end(scores)).toBeGreaterThan(scores[0] + 0.5);
      for (const s of stats) expect(s['objective/kl']).toBeLessThanOrEqual(12);
      expect(stats.at(-1)!['response/eos_rate']).toBeGreaterThanOrEqual(0.9);
    }, 900_000);
  }
});

// Reward hacking (β = 0 against the default β on the biased reward model) and verifiable answers
// (accuracy rising on the arithmetic checker) are proven as the lessons' claims, on the lessons'
// exact settings: src/lessons/proofs/lessons.proof.test.ts.
