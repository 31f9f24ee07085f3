// `npm run train -- --scenario <name> --iters N --seed S --backend cpu|gpu [--algo ppo|grpo|dr_grpo|dapo|rloo|reinforce_pp|dpo] [--preset tiny] [--set key=value ...] [--export-onnx <dir>]`
// Runs PPO headless from the shipped checkpoints (public/models/<scenario>/<preset>/) and prints
// one JSON line of statistics per iteration; --export-onnx then writes the four models (actor,
// critic, reward model, reference) as ONNX files into <dir>, named like the playground's downloads.
// Bad arguments exit non-zero with a clear message.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { GpuBackend } from '../src/engine/backends/gpu-backend';
import { getScenario } from '../src/engine/data/scenarios';
import { loadCheckpoint } from '../src/engine/model/checkpoint';
import { PRESETS, type PresetName } from '../src/engine/model/config';
import { createPpoRun } from '../src/engine/pipeline/stages';
import { ALGOS } from '../src/engine/rl/algo-config';
import { makePpoConfig, type PpoConfig } from '../src/engine/rl/ppo-config';
import type { Scenario } from '../src/engine/data/scenario';
import type { Backend } from '../src/engine/model/backend';
import type { ModelConfig } from '../src/engine/model/config';
import { exportRunModel } from '../src/worker/onnx-models';
import type { OnnxModelRole } from '../src/worker/protocol';

function fail(message: string): never {
  console.error(`train: ${message}`);
  process.exit(2);
}

/** "key=value" → typed value: numbers, booleans, else the string. */
export function parseSetting(kv: string): [string, unknown] {
  const eq = kv.indexOf('=');
  if (eq <= 0) fail(`--set expects key=value, got "${kv}"`);
  const key = kv.slice(0, eq), raw = kv.slice(eq + 1);
  if (raw === 'true' || raw === 'false') return [key, raw === 'true'];
  if (raw.trim() !== '' && Number.isFinite(Number(raw))) return [key, Number(raw)];
  return [key, raw];
}

async function main() {
  let a;
  try {
    a = parseArgs({
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
      },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  let scenario;
  try {
    scenario = getScenario(a.scenario);
  } catch (e) {
    fail((e as Error).message);
  }
  const iters = Number(a.iters), seed = Number(a.seed);
  if (!Number.isInteger(iters) || iters < 1) fail(`--iters must be a positive integer, got "${a.iters}"`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(`--seed must be an integer in [0, 2^32), got "${a.seed}"`);
  if (a.backend !== 'cpu' && a.backend !== 'gpu') fail(`--backend must be cpu or gpu, got "${a.backend}"`);
  if (!(a.preset! in PRESETS)) fail(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${a.preset}"`);
  if (!(ALGOS as readonly string[]).includes(a.algo!)) fail(`--algo must be one of ${ALGOS.join(', ')}, got "${a.algo}"`);
  let config;
  try {
    config = makePpoConfig({ algo: a.algo, seed, maxResponseLength: scenario.maxResponseLength, totalIterations: iters, ...scenario.ppoDefaults, ...Object.fromEntries(a.set!.map(parseSetting)) });
  } catch (e) {
    fail(`bad setting: ${(e as Error).message}`);
  }
  const exportDir = a['export-onnx'];
  if (exportDir !== undefined) {
    if (exportDir === '') fail('--export-onnx expects a directory');
    try {
      mkdirSync(exportDir, { recursive: true });
    } catch (e) {
      fail(`--export-onnx: cannot create ${exportDir}: ${(e as Error).message}`);
    }
  }
  const out = { preset: a.preset as PresetName, exportDir };
  const dir = join(a.models!, scenario.id, a.preset as PresetName);
  const read = (name: string, head: 'lm' | 'reward') => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(dir, name));
    } catch {
      fail(`no checkpoint ${join(dir, name)} (run npm run pretrain)`);
    }
    return loadCheckpoint(bytes, { head, vocabSize: scenario.tokenizer.size });
  };
  const sft = read('sft.ckpt', 'lm');
  const reward = scenario.hasRewardModel ? read('reward.ckpt', 'reward').params : null;
  let be: CpuBackend | GpuBackend;
  if (a.backend === 'gpu') {
    const { globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const { nodeGpu } = await import('../src/engine/gpu/testing/node-gpu');
    const rt = await nodeGpu();
    if (!rt) fail('no WebGPU adapter (install chromium for SwiftShader; see README)');
    be = new GpuBackend(rt);
  } else {
    be = new CpuBackend();
  }
  if (be instanceof GpuBackend) {
    await runPpo(be, scenario, sft.config, sft.params, reward, config, iters, out);
    be.rt.destroy();
  } else {
    await runPpo(be, scenario, sft.config, sft.params, reward, config, iters, out);
  }
}

async function runPpo<F, I>(
  be: Backend<F, I>, scenario: Scenario, model: ModelConfig, sft: Float32Array, reward: Float32Array | null, config: PpoConfig, iters: number,
  out: { preset: PresetName; exportDir: string | undefined },
) {
  const run = createPpoRun(be, scenario, model, sft, reward, config);
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    const { rollout: r, learning } = await run.step();
    // A few answers as text, so a run can be read as well as plotted.
    const samples = [0, 1, 2].filter((b) => b < r.B).map((b) => {
      const prompt = scenario.tokenizer.decode(Array.from(r.tokens.subarray(b * r.S, b * r.S + r.P)));
      const answer = scenario.tokenizer.decode(Array.from(r.tokens.subarray(b * r.S + r.P, b * r.S + r.P + r.length[b])));
      return `${prompt} | ${answer}`;
    });
    console.log(JSON.stringify({ ...learning.stats, seconds: (performance.now() - t0) / 1000, samples }));
  }
  if (out.exportDir !== undefined) {
    const roles: OnnxModelRole[] = scenario.hasRewardModel ? ['actor', 'critic', 'reward', 'reference'] : ['actor', 'critic', 'reference'];
    for (const role of roles) {
      const file = await exportRunModel(run, scenario, out.preset, role);
      writeFileSync(join(out.exportDir, file.filename), file.bytes);
      console.error(`wrote ${join(out.exportDir, file.filename)} (${file.bytes.length} bytes)`);
    }
  }
  run.release();
}

void main().catch((e) => {
  console.error(`train: ${(e as Error).message}`);
  process.exit(1);
});
