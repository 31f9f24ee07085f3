// Rollout throughput with the KV cache: tokens generated per second by the actor (tiny preset,
// B=64 answers of T=12 after a P=3 prompt), our CPU engine and our GPU engine side by side, plus
// the GPU's dispatches, submissions and read-backs per rollout (the last must be 1: the read of
// the finished sequences).   npm run bench -- rollout
import { nodeGpu } from './node-gpu';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { GpuBackend } from '../src/engine/backends/gpu-backend';
import { EOS, PAD } from '../src/engine/data/tokenizer';
import type { Backend } from '../src/engine/model/backend';
import { presetConfig } from '../src/engine/model/config';
import { Generator } from '../src/engine/model/generate';
import { Gpt } from '../src/engine/model/gpt';
import { Rng } from '../src/engine/tensor/rng';
import { STREAM } from '../src/engine/tensor/streams';

const B = 64, P = 3, T = 12, S = P + T, REPS = 5;
const config = presetConfig('tiny', 52);

async function rolloutMs<F, I>(be: Backend<F, I>, params: Float32Array, iteration: number): Promise<number> {
  const model = new Gpt(be, config, 'lm');
  model.setParams(params);
  const gen = new Generator(model, B);
  const seq = be.ints(B * S);
  const prompts = new Int32Array(B * S);
  const r = new Rng(1, STREAM.sftBatches);
  for (let b = 0; b < B; b++) for (let i = 0; i < P; i++) prompts[b * S + i] = 2 + r.int(50);
  be.uploadInts(seq, prompts);
  await be.flush();
  const t0 = performance.now();
  gen.record(seq, S, P, { temperature: 1, seed: 1, stream: STREAM.ppoSampling, iteration, eos: EOS, pad: PAD });
  await be.readInts(seq);
  const ms = performance.now() - t0;
  gen.release();
  model.release();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const init = new Gpt(new CpuBackend(), config, 'lm');
init.init(1);
const params = init.params.slice();
const rt = await nodeGpu();
const cpu: number[] = [], gpu: number[] = [];
let perRollout = { dispatches: 0, submits: 0, readbacks: 0 };
for (let rep = -1; rep < REPS; rep++) {
  const c = await rolloutMs(new CpuBackend(), params, rep + 1);
  let g = NaN;
  if (rt) {
    const before = { ...rt.stats };
    g = await rolloutMs(new GpuBackend(rt), params, rep + 1);
    perRollout = { dispatches: rt.stats.dispatches - before.dispatches, submits: rt.stats.submits - before.submits, readbacks: rt.stats.readbacks - before.readbacks };
  }
  if (rep >= 0) {
    cpu.push(c);
    gpu.push(g);
  }
}
const tokens = B * T;
console.log(`rollout tiny B=${B} T=${T}: CPU engine ${median(cpu).toFixed(0)} ms = ${((tokens / median(cpu)) * 1000).toFixed(0)} tokens/s (median of ${REPS})`);
if (rt) {
  console.log(`rollout tiny B=${B} T=${T}: GPU engine (${rt.report.description || 'adapter'}) ${median(gpu).toFixed(0)} ms = ${((tokens / median(gpu)) * 1000).toFixed(0)} tokens/s`);
  console.log(`GPU rollout: ${perRollout.dispatches} dispatches, ${perRollout.submits} submissions, ${perRollout.readbacks} read-backs (setup uploads included)`);
  console.log(`ratio GPU/CPU time: ${(median(gpu) / median(cpu)).toFixed(2)}`);
  rt.destroy();
}
