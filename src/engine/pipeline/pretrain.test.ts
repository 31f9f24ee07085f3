import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { loadCheckpoint } from '../model/checkpoint';
import { pretrainScenario } from './pretrain';

// A short version of `npm run pretrain`: the files load as checkpoints, the manifest carries the
// metrics, and the same seed writes the same bytes (what makes the shipped files reproducible).
describe('pretraining (short run)', () => {
  it('writes loadable SFT and reward checkpoints with metrics, byte-identical for the same seed', async () => {
    const scenario = getScenario('reviews');
    const opts = { sftSteps: 6, rmSteps: 4, seed: 7 };
    const a = await pretrainScenario(new CpuBackend(), scenario, 'micro', opts);
    expect(Object.keys(a.files).sort()).toEqual(['manifest.json', 'reward.ckpt', 'sft.ckpt']);
    const sft = loadCheckpoint(a.files['sft.ckpt'], { head: 'lm', vocabSize: scenario.tokenizer.size });
    const rm = loadCheckpoint(a.files['reward.ckpt'], { head: 'reward', vocabSize: scenario.tokenizer.size });
    expect(sft.config.channels).toBe(16);
    expect(rm.meta.rmSteps).toBe(4);
    const m = JSON.parse(new TextDecoder().decode(a.files['manifest.json']));
    for (const k of ['sftLoss', 'sftGoldMean', 'sftGoldStd', 'sftEosRate', 'rmLoss', 'rmHeldOutAccuracy', 'rmNormalisationShift']) {
      expect(Number.isFinite(m[k]), k).toBe(true);
    }
    expect(m.sftLoss).toBeLessThan(Math.log(scenario.tokenizer.size)); // it learned something in 6 steps
    const b = await pretrainScenario(new CpuBackend(), scenario, 'micro', opts);
    expect(Buffer.from(b.files['sft.ckpt']).equals(Buffer.from(a.files['sft.ckpt']))).toBe(true);
    expect(Buffer.from(b.files['reward.ckpt']).equals(Buffer.from(a.files['reward.ckpt']))).toBe(true);
  });

  it('a scenario without a reward model writes only the SFT checkpoint', async () => {
    const r = await pretrainScenario(new CpuBackend(), getScenario('arithmetic'), 'micro', { sftSteps: 3, rmSteps: 3, seed: 1 });
    expect(Object.keys(r.files).sort()).toEqual(['manifest.json', 'sft.ckpt']);
  });
});
