/**
 * The GPU engine's forward (WGSL on Dawn, SwiftShader here) equals the exported ONNX graph run by
 * onnxruntime-web (wasm) for every preset (micro, tiny, small) and head, on both reduction paths
 * (subgroups where the adapter has them, shared memory otherwise). Same cases as
 * engine-vs-ort.test.ts: seeded weights with std 1/√C and perturbed LayerNorms, B = 3, S = maxS − 1
 * = 31, rows 1 and 2 right-padded. ≈ 2·B·S·params ≈ 10 MFLOP per tiny forward. Also the UI's
 * "download as ONNX" path from the GPU engine: a reward model exported with exportModelOnnx (weights
 * read back from the device) and loaded as a bring-your-own reward model scores like the engine.
 *
 * Tolerance: 1e-4 scaled (|Δ| / max(1, |ORT|)). The WGSL kernels accumulate in float32 (ORT too),
 * so the expected difference is a few 1e-6 (printed per case).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuBackend } from '../backends/gpu-backend';
import { destroyAll, gpuVariants, type GpuVariant } from '../gpu/testing/gpu-variants';
import type { PresetName } from '../model/config';
import { loadRewardModel } from './byo-reward';
import { caseModel, crossCase, diffSummary, engineOutput, ortOutput } from './cross-check';
import { exportModelOnnx } from './engine-export';
import { dummyVocab } from './random-params';
import type { OnnxHead } from './spec';

const TOL = 1e-4;
const PRESETS: PresetName[] = ['micro', 'tiny', 'small'];
const HEADS: OnnxHead[] = ['lm', 'value', 'reward'];

const variants: GpuVariant[] = await gpuVariants();
afterAll(() => destroyAll(variants));

describe.skipIf(variants.length === 0)('GPU engine = onnxruntime (wasm) on the exported graph', () => {
  const ort = new Map<string, Float32Array>();
  beforeAll(async () => {
    for (const preset of PRESETS) for (const head of HEADS) ort.set(`${preset}/${head}`, await ortOutput(crossCase(preset, head, { seed: 11 })));
  });

  for (const preset of PRESETS) {
    it.each(HEADS)(`${preset} preset, %s head, every reduction path`, async (head) => {
      const c = crossCase(preset, head, { seed: 11 });
      const want = ort.get(`${preset}/${head}`)!;
      for (const v of variants) {
        const be = new GpuBackend(v.rt);
        const model = caseModel(be, c);
        const got = await engineOutput(be, c, model);
        model.release();
        const d = diffSummary(got, want);
        console.log(`[onnx cross-check] gpu(${v.name}) ${preset}/${head} B=${c.B} S=${c.S}: engine−ORT scaled ${d.scaled.toExponential(2)} (abs ${d.abs.toExponential(2)})`);
        expect(d.scaled, `${v.name}: element ${d.at}`).toBeLessThan(TOL);
      }
    });
  }

  it('a reward model living on the GPU downloads as ONNX (exportModelOnnx) and scores like the GPU engine', async () => {
    const c = crossCase('tiny', 'reward', { seed: 12 });
    const be = new GpuBackend(variants[0].rt);
    const model = caseModel(be, c);
    const want = await engineOutput(be, c, model);
    const vocab = dummyVocab(c.config.vocabSize);
    const handle = await loadRewardModel(await exportModelOnnx(model, vocab), vocab);
    model.release();
    const got = await handle.score(c.tokens, c.B, c.S, c.mask);
    await handle.release();
    expect(diffSummary(got, want).scaled).toBeLessThan(TOL);
  });
});
