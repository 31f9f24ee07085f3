// `npm run pretrain [-- --scenario reviews --preset tiny --sft-steps 300 --rm-steps 300 --out public/models --seed 1]`
// Produces, deterministically from the seed, the SFT actor and the (normalised) reward model of
// each scenario and preset into public/models/<scenario>/<preset>/{sft,reward}.ckpt, plus
// manifest.json with the metrics. The files in the repo are exactly what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { SCENARIOS, getScenario } from '../src/engine/data/scenarios';
import { saveCheckpoint } from '../src/engine/model/checkpoint';
import type { PresetName } from '../src/engine/model/config';
import { measureSftPolicy } from '../src/engine/pipeline/measure';
import { modelConfigFor, normaliseReward, trainRewardModel, trainSft } from '../src/engine/pipeline/stages';

const { values: a } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true },
    preset: { type: 'string', multiple: true },
    'sft-steps': { type: 'string', default: '300' },
    'rm-steps': { type: 'string', default: '400' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'public/models' },
  },
});
const int = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
};

async function main() {
  const scenarios = (a.scenario ?? SCENARIOS.map((s) => s.id)).map((id) => getScenario(id));
  const presets = (a.preset ?? ['micro', 'tiny']) as PresetName[];
  const sftSteps = int('sft-steps', a['sft-steps']!), rmSteps = int('rm-steps', a['rm-steps']!), seed = int('seed', a.seed!);
  const be = new CpuBackend();
  for (const scenario of scenarios) {
    for (const preset of presets) {
      const config = modelConfigFor(scenario, preset);
      const dir = join(a.out!, scenario.id, preset);
      mkdirSync(dir, { recursive: true });
      const t0 = performance.now();
      const sft = await trainSft(be, scenario, config, { steps: sftSteps, batchSize: 64, lr: 3e-3, seed });
      const sftParams = await sft.model.getParams();
      const meta: Record<string, unknown> = { scenario: scenario.id, preset, seed, sftSteps, sftLoss: sft.losses.at(-1) };
      const sftPolicy = await measureSftPolicy(sft.model, scenario, seed, 256);
      meta.sftGoldMean = sftPolicy.goldMean;
      meta.sftGoldStd = sftPolicy.goldStd;
      meta.sftEosRate = sftPolicy.eosRate;
      writeFileSync(join(dir, 'sft.ckpt'), saveCheckpoint(config, 'lm', sftParams, meta));
      if (scenario.hasRewardModel) {
        const rm = await trainRewardModel(be, scenario, config, { steps: rmSteps, batchSize: 32, lr: 1e-3, seed, heldOut: 1024, init: sftParams });
        const shift = await normaliseReward(rm.model, sft.model, scenario, seed);
        meta.rmSteps = rmSteps;
        meta.rmLoss = rm.losses.at(-1);
        meta.rmHeldOutAccuracy = rm.heldOutAccuracy;
        meta.rmNormalisationShift = shift;
        writeFileSync(join(dir, 'reward.ckpt'), saveCheckpoint(config, 'reward', await rm.model.getParams(), meta));
        rm.model.release();
      }
      sft.model.release();
      meta.seconds = (performance.now() - t0) / 1000;
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(meta, null, 2) + '\n');
      console.log(JSON.stringify(meta));
    }
  }
}

main().catch((e) => {
  console.error(`pretrain: ${(e as Error).message}`);
  process.exit(1);
});
