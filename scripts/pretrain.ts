// `npm run pretrain [-- --scenario reviews --preset tiny --sft-steps 300 --rm-steps 400 --out public/models --seed 1]`
// Produces, deterministically from the seed, the SFT actor and the (normalised) reward model of
// each scenario and preset into public/models/<scenario>/<preset>/{sft,reward}.ckpt, plus
// manifest.json with the metrics. The files in the repo are exactly what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { SCENARIOS, getScenario } from '../src/engine/data/scenarios';
import { PRESETS, type PresetName } from '../src/engine/model/config';
import { pretrainScenario } from '../src/engine/pipeline/pretrain';

function fail(message: string): never {
  console.error(`pretrain: ${message}`);
  process.exit(2);
}

const int = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
};

async function main() {
  let a;
  try {
    a = parseArgs({
      options: {
        scenario: { type: 'string', multiple: true },
        preset: { type: 'string', multiple: true },
        'sft-steps': { type: 'string', default: '300' },
        'rm-steps': { type: 'string', default: '400' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string', default: 'public/models' },
      },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  let scenarios;
  try {
    scenarios = (a.scenario ?? SCENARIOS.map((s) => s.id)).map((id) => getScenario(id));
  } catch (e) {
    fail((e as Error).message);
  }
  const presets = (a.preset ?? ['micro', 'tiny']) as PresetName[];
  for (const p of presets) if (!(p in PRESETS)) fail(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${p}"`);
  const options = { sftSteps: int('sft-steps', a['sft-steps']), rmSteps: int('rm-steps', a['rm-steps']), seed: int('seed', a.seed) };
  const be = new CpuBackend();
  for (const scenario of scenarios) {
    for (const preset of presets) {
      const { files, manifest } = await pretrainScenario(be, scenario, preset, options);
      const dir = join(a.out!, scenario.id, preset);
      mkdirSync(dir, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      console.log(JSON.stringify(manifest));
    }
  }
}

void main().catch((e) => {
  console.error(`pretrain: ${(e as Error).message}`);
  process.exit(1);
});
