// "Same maths" check for the TF.js comparisons: on identical parameters (our `tiny` preset at
// V=52, GPT-2 init, seed 1) and the benchmark's batch (B=64, S=16, 4 prompt positions not
// counted), one SFT step of our CPU engine (SftTrainer: forward, cross-entropy, backward, AdamW)
// against bench/tfjs-gpt.ts on each TF.js backend (autodiff gradients, AdamW in tf ops), and our
// GPU engine against our CPU engine. Fails (exit 1) unless:
//   loss        |Δ| / |loss| ≤ 1e-4
//   gradients   per tensor, max |Δg| / max |g| ≤ 1e-4
//   parameters  after one step, |Δp| ≤ 1e-3·lr wherever |g| ≥ 1e-4·max|g| of its tensor.
// The last condition excludes near-zero gradients on purpose: Adam's first step moves every
// parameter by ≈ lr·sign(g) whatever |g| is, so a gradient at rounding-noise level (e.g. the
// sum over a batch of terms that cancel) may flip sign between two correct implementations and
// move that parameter by up to 2·lr the other way. Those entries are counted and printed.
// Run: node scripts/run-ts.mjs bench/tfjs-parity.ts [cpu,wasm,webgpu,ours-gpu]
import { nodeGpu } from './node-gpu';
import * as tf from '@tensorflow/tfjs';
import { tfWebgpuDevice, useTfBackend, type TfBackendName } from './tfjs-backends';
import { ADAMW, randomBatch, relToMax, V } from './tfjs-common';
import { TfGpt, disposeBatch, tfBatch } from './tfjs-gpt';
import { presetConfig } from '../src/engine/model/config';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { GpuBackend } from '../src/engine/backends/gpu-backend';
import { Gpt } from '../src/engine/model/gpt';
import { namedParams } from '../src/engine/model/params';
import { SftTrainer } from '../src/engine/rl/sft';

const LOSS_TOL = 1e-4, GRAD_TOL = 1e-4, PARAM_TOL = 1e-3 * ADAMW.lr, SMALL_GRAD = 1e-4;
const which = (process.argv[2] ?? 'cpu,wasm,webgpu,ours-gpu').split(',');

type Named = Map<string, Float32Array>;
interface StepResult { loss: number; grads: Named; after: Named }

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n').slice(0, 2).join(' ');

const cfg = presetConfig('tiny', V);
const batch = randomBatch(1);
const { B, S } = batch;

/** One SFT step of our engine on `backend` from `flat` parameters. */
async function oursStep<F, I>(model: Gpt<F, I>, flat: Float32Array): Promise<StepResult> {
  model.setParams(flat);
  const trainer = new SftTrainer(model, B, S);
  const { loss } = await trainer.step(batch, ADAMW);
  const grads = namedParams(await model.backend.read(model.grads), model.layout);
  const after = await model.namedParams();
  trainer.release();
  const strip = (m: Map<string, { data: Float32Array }>) => new Map([...m].map(([k, v]) => [k, v.data]));
  return { loss, grads: strip(grads), after: strip(after) };
}

async function tfStep(named: Map<string, { shape: number[]; data: Float32Array }>): Promise<StepResult> {
  const model = new TfGpt(cfg, named);
  const b = tfBatch(batch.tokens, batch.targets, B, S, V);
  const { loss, grads } = model.lossAndGrads(b);
  const lossValue = (await loss.data())[0];
  const gradData: Named = new Map();
  for (const [k, g] of grads) gradData.set(k, (await g.data()) as Float32Array);
  model.applyAdamW(grads, ADAMW);
  tf.dispose([loss, ...grads.values()]);
  const after = await model.namedParams();
  model.dispose();
  disposeBatch(b);
  return { loss: lossValue, grads: gradData, after };
}

/** Compares `got` with the reference; prints one line per figure; returns whether all hold. */
function compare(label: string, got: StepResult, ref: StepResult): boolean {
  const lossRel = Math.abs(got.loss - ref.loss) / Math.abs(ref.loss);
  let worstGrad = 0, worstGradName = '';
  let worstParam = 0, worstParamName = '', flipped = 0, small = 0;
  for (const [name, g] of ref.grads) {
    const e = relToMax(got.grads.get(name)!, g);
    if (e > worstGrad) [worstGrad, worstGradName] = [e, name];
    let gmax = 0;
    for (let i = 0; i < g.length; i++) gmax = Math.max(gmax, Math.abs(g[i]));
    const p = got.after.get(name)!, q = ref.after.get(name)!;
    for (let i = 0; i < g.length; i++) {
      const d = Math.abs(p[i] - q[i]);
      if (Math.abs(g[i]) < SMALL_GRAD * gmax) {
        small++;
        if (d > PARAM_TOL) flipped++;
        continue;
      }
      if (d > worstParam) [worstParam, worstParamName] = [d, name];
    }
  }
  const ok = lossRel <= LOSS_TOL && worstGrad <= GRAD_TOL && worstParam <= PARAM_TOL;
  console.log(`parity ${label}: loss ${got.loss.toFixed(6)} vs ${ref.loss.toFixed(6)}, relative diff ${lossRel.toExponential(2)} (tol ${LOSS_TOL})`);
  console.log(`parity ${label}: gradients max |Δg|/max|g| ${worstGrad.toExponential(2)} (worst ${worstGradName}; tol ${GRAD_TOL})`);
  console.log(`parity ${label}: params after 1 AdamW step max |Δp| ${worstParam.toExponential(2)} = ${(worstParam / ADAMW.lr).toExponential(2)}·lr (worst ${worstParamName}; tol 1e-3·lr where |g| ≥ ${SMALL_GRAD}·max|g|); ${small} near-zero-gradient entries excluded, ${flipped} of them differ by more than the tolerance`);
  console.log(`parity ${label}: ${ok ? 'PASS' : 'FAIL'}`);
  return ok;
}

const cpuModel = new Gpt(new CpuBackend(), cfg, 'lm');
cpuModel.init(1);
const flat = await cpuModel.getParams();
const named = await cpuModel.namedParams();
const ref = await oursStep(cpuModel, flat);
console.log(`parity reference: our CPU engine, tiny preset V=${V} (${cpuModel.parameterCount} parameters), B=${B} S=${S}, loss ${ref.loss.toFixed(6)}`);

let allOk = true;
for (const name of which) {
  if (name === 'ours-gpu') {
    const rt = await nodeGpu({});
    if (!rt) {
      console.log('parity ours-gpu vs ours-cpu: SKIPPED (no WebGPU adapter)');
      continue;
    }
    try {
      const gpuModel = new Gpt(new GpuBackend(rt), cfg, 'lm');
      allOk = compare('ours-gpu vs ours-cpu', await oursStep(gpuModel, flat), ref) && allOk;
      gpuModel.release();
    } catch (e) {
      console.log(`parity ours-gpu vs ours-cpu: FAILED TO RUN — ${firstLine(e)}`);
      allOk = false;
    }
    rt.destroy();
    continue;
  }
  const r = await useTfBackend(name as TfBackendName);
  if (!r.ok) {
    console.log(`parity tfjs-${name} vs ours-cpu: NOT RUN — ${r.reason}`);
    allOk = false;
    continue;
  }
  try {
    allOk = compare(`tfjs-${name} vs ours-cpu`, await tfStep(named), ref) && allOk;
  } catch (e) {
    console.log(`parity tfjs-${name} vs ours-cpu: FAILED TO RUN — ${firstLine(e)}`);
    allOk = false;
  }
}
tfWebgpuDevice()?.destroy();
process.exit(allOk ? 0 : 1);
