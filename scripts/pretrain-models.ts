// `npm run pretrain-models [-- --scenario reviews --preset tiny --sft-steps 300 --rm-steps 400 --out public/models --seed 1]`
// Produces, deterministically from the seed, the SFT actor and the (normalised) reward model of
// each scenario and preset (default: the shipped ones, src/engine/pipeline/shipped.ts) into public/models/<scenario>/<preset>/{sft,reward}.ckpt, plus
// manifest.json with the metrics. The files in the repo are exactly what this writes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { SCENARIOS, getScenario } from '../src/engine/data/scenarios';
import { PRESETS, type PresetName } from '../src/engine/model/config';
import { pretrainScenario } from '../src/engine/pipeline/pretrain';
import { shippedPresets } from '../src/engine/pipeline/shipped';
import { EXIT_FAILED, failer, makeDirs, parseWhole, type Fail } from './cli';

const fail: Fail = failer('pretrain-models');

const int = (name: string, raw: string | undefined, hi: number) => {
  const n = parseWhole(raw ?? '', 0, hi);
  if ('problem' in n) fail(`--${name} ${n.problem}`);
  return n.value;
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
  const chosen = a.preset as PresetName[] | undefined;
  for (const p of chosen ?? []) if (!Object.hasOwn(PRESETS, p)) fail(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${p}"`);
  const options = { sftSteps: int('sft-steps', a['sft-steps'], 1e6), rmSteps: int('rm-steps', a['rm-steps'], 1e6), seed: int('seed', a.seed, 0xffffffff) };
  const be = new CpuBackend();
  for (const scenario of scenarios) {
    for (const preset of chosen ?? shippedPresets(scenario.id)) {
      const { files, manifest } = await pretrainScenario(be, scenario, preset, options);
      const dir = join(a.out!, scenario.id, preset);
      makeDirs(dir);
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      console.log(JSON.stringify(manifest));
    }
  }
}

void main().catch((e) => fail((e as Error).message, EXIT_FAILED));
