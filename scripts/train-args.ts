// The arguments of `npm run train` (scripts/train.ts), read and checked without side effects, so
// that every refusal can be tested in-process; UsageError's message is what the runner prints.
import { parseArgs } from 'node:util';
import type { Scenario } from '../src/engine/data/scenario';
import { getScenario } from '../src/engine/data/scenarios';
import { PRESETS, type PresetName } from '../src/engine/model/config';
import { ALGOS, SETTING_ALIASES } from '../src/engine/rl/algo-config';
import { makePpoConfig, MAX_TOTAL_ITERATIONS, type PpoConfig } from '../src/engine/rl/ppo-config';
import { parseSettingValue } from '../src/engine/rl/setting-value';
import { parseWhole } from './cli';

export class UsageError extends Error {}

export interface TrainArgs {
  scenario: Scenario;
  iters: number;
  backend: 'cpu' | 'gpu';
  preset: PresetName;
  models: string;
  config: PpoConfig;
  /** Where the four models are written as ONNX after the run (not created here). */
  exportDir: string | undefined;
  /** Where the run is written as a TRL folder after the run (docs/trl-export.md; not created here). */
  trlDir: string | undefined;
}

/** --name's whole number in [lo, hi]. */
function whole(name: string, raw: string, lo: number, hi: number): number {
  const n = parseWhole(raw, lo, hi);
  if ('problem' in n) throw new UsageError(`--${name} ${n.problem}`);
  return n.value;
}

/** The --set key=value list as settings, by the engine's one rule for setting values (setting-value.ts). */
function settingsOf(list: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects key=value, got "${kv}"`);
    const written = kv.slice(0, eq);
    const key = Object.hasOwn(SETTING_ALIASES, written) ? SETTING_ALIASES[written] : written; // TRL's names (beta …) read as ours
    if (key === 'seed') throw new UsageError('--set seed=… : use --seed');
    if (Object.hasOwn(out, key)) throw new UsageError(`--set ${key} is given twice`);
    try {
      out[key] = parseSettingValue(key, kv.slice(eq + 1)); // refuses __proto__ and the other inherited names
    } catch (e) {
      throw new UsageError(`bad setting: ${(e as Error).message}`);
    }
  }
  return out;
}

export function parseTrainArgs(argv: string[]): TrainArgs {
  let a;
  try {
    a = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string', default: 'reviews' },
        iters: { type: 'string', default: '10' },
        seed: { type: 'string', default: '1' },
        backend: { type: 'string', default: 'cpu' },
        preset: { type: 'string', default: 'tiny' },
        models: { type: 'string', default: 'public/models' },
        set: { type: 'string', multiple: true, default: [] },
        algo: { type: 'string', default: 'ppo' },
        'export-onnx': { type: 'string' },
        'export-trl': { type: 'string' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let scenario: Scenario;
  try {
    scenario = getScenario(a.scenario);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const iters = whole('iters', a.iters, 1, MAX_TOTAL_ITERATIONS), seed = whole('seed', a.seed, 0, 0xffffffff);
  const backend = a.backend;
  if (backend !== 'cpu' && backend !== 'gpu') throw new UsageError(`--backend must be cpu or gpu, got "${backend}"`);
  if (!Object.hasOwn(PRESETS, a.preset)) throw new UsageError(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${a.preset}"`);
  if (!(ALGOS as readonly string[]).includes(a.algo)) throw new UsageError(`--algo must be one of ${ALGOS.join(', ')}, got "${a.algo}"`);
  const settings = settingsOf(a.set);
  let config: PpoConfig;
  try {
    config = makePpoConfig({ algo: a.algo, seed, maxResponseLength: scenario.maxResponseLength, totalIterations: iters, ...scenario.ppoDefaults, ...settings });
  } catch (e) {
    throw new UsageError(`bad setting: ${(e as Error).message}`);
  }
  const exportDir = a['export-onnx'];
  if (exportDir === '') throw new UsageError('--export-onnx expects a directory');
  const trlDir = a['export-trl'];
  if (trlDir === '') throw new UsageError('--export-trl expects a directory');
  return { scenario, iters, backend, preset: a.preset as PresetName, models: a.models, config, exportDir, trlDir };
}
