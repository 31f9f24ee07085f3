import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { pretrainScenario } from './pretrain';

// "The files in the repo are exactly what `npm run pretrain-models` writes": re-run it for the default
// scenario's micro preset (the smallest full-length run) and compare the bytes.
describe('shipped checkpoints', () => {
  it('npm run pretrain-models reproduces public/models/reviews/micro byte for byte', async () => {
    const { files } = await pretrainScenario(new CpuBackend(), getScenario('reviews'), 'micro', { sftSteps: 300, rmSteps: 400, seed: 1 });
    for (const name of ['sft.ckpt', 'reward.ckpt']) {
      const shipped = readFileSync(`public/models/reviews/micro/${name}`);
      expect(Buffer.from(files[name]).equals(shipped), name).toBe(true);
    }
  });
});
