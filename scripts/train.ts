// `npm run train -- --scenario <name> --iters N --seed S --backend cpu|gpu [--preset tiny] [--set key=value ...] [--export-onnx <dir>]`
// Runs PPO headless from the shipped checkpoints (public/models/<scenario>/<preset>/) and prints
// one JSON line of statistics per iteration; --export-onnx then writes the four models (actor,
// critic, reward model, reference) as ONNX files into <dir>, named like the playground's downloads;
// --export-trl <dir> writes the run as a folder to continue it in TRL (docs/trl-export.md).
// Bad arguments exit 2 with a clear message; a run that fails (e.g. diverges) exits 1 (scripts/cli.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { GpuBackend } from '../src/engine/backends/gpu-backend';
import { loadCheckpoint } from '../src/engine/model/checkpoint';
import type { PresetName } from '../src/engine/model/config';
import { createPpoRun } from '../src/engine/pipeline/stages';
import type { PpoConfig } from '../src/engine/rl/ppo-config';
import type { Scenario } from '../src/engine/data/scenario';
import type { Backend } from '../src/engine/model/backend';
import type { ModelConfig } from '../src/engine/model/config';
import { exportRunModel } from '../src/worker/onnx-models';
import type { OnnxModelRole } from '../src/worker/protocol';
import { EXIT_FAILED, failer, makeDirs, type Fail } from './cli';
import { writeTrlFolder } from './export-trl-files';
import { parseTrainArgs, UsageError } from './train-args';

const fail: Fail = failer('train');

async function main() {
  let a;
  try {
    a = parseTrainArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) fail(e.message);
    throw e;
  }
  const { scenario, iters, config, exportDir } = a;
  if (exportDir !== undefined) {
    try {
      makeDirs(exportDir);
    } catch (e) {
      fail(`--export-onnx: cannot create ${exportDir}: ${(e as Error).message}`);
    }
  }
  const out = { preset: a.preset, exportDir, trlDir: a.trlDir };
  const dir = join(a.models, scenario.id, a.preset);
  const read = (name: string, head: 'lm' | 'reward') => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(dir, name));
    } catch {
      fail(`no checkpoint ${join(dir, name)} (run npm run pretrain-models)`);
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
  out: { preset: PresetName; exportDir: string | undefined; trlDir: string | undefined },
) {
  const run = createPpoRun(be, scenario, model, sft, reward, config);
  const history: Record<string, number>[] = [];
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
    history.push(learning.stats);
  }
  if (out.exportDir !== undefined) {
    const roles: OnnxModelRole[] = scenario.hasRewardModel ? ['actor', 'critic', 'reward', 'reference'] : ['actor', 'critic', 'reference'];
    for (const role of roles) {
      const file = await exportRunModel(run, scenario, out.preset, role);
      writeFileSync(join(out.exportDir, file.filename), file.bytes);
      console.error(`wrote ${join(out.exportDir, file.filename)} (${file.bytes.length} bytes)`);
    }
  }
  if (out.trlDir !== undefined) {
    const n = writeTrlFolder(out.trlDir, { scenario, config, history, classPairs: [] }, fail);
    console.error(`wrote ${n} files into ${out.trlDir} (python train.py there; see its README.md)`);
  }
  run.release();
}

void main().catch((e) => fail((e as Error).message, EXIT_FAILED));
