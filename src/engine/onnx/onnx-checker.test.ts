/**
 * The official ONNX checker accepts our exported graphs. It is the reference implementation of the
 * format (Python `onnx`, Debian's python3-onnx), independent of our protobuf writer and of
 * onnxruntime: `check_model(full_check=True)` plus strict, type-checked shape inference, for every
 * preset and head. The output shapes it infers must be the ones the spec promises: logits
 * (batch, seq, V), values (batch, seq), score (batch).
 *
 * `.ci/run` installs python3-onnx. Under CI a missing checker fails the test; elsewhere the test is
 * skipped and reported as skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS, type PresetName } from '../model/config';
import { exportOnnx } from './export';
import { decodeModel, encodeModel } from './onnx-proto';
import { dummyVocab, randomParams } from './random-params';
import { OUTPUT_NAME, type OnnxHead } from './spec';

const PYTHON = '/usr/bin/python3';
const hasChecker = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;
if (!hasChecker && process.env.CI) throw new Error('the ONNX checker is missing: install python3-onnx (.ci/run does)');

const CHECK = `
import json, sys, onnx
from onnx import shape_inference
out = {}
for path in sys.argv[1:]:
    try:
        m = onnx.load(path)
        onnx.checker.check_model(m, full_check=True)
        inferred = shape_inference.infer_shapes(m, check_type=True, strict_mode=True)
        out[path] = {"ok": True, "opset": [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")],
                     "outputs": [[o.name, [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]] for o in inferred.graph.output]}
    except Exception as e:
        out[path] = {"ok": False, "error": str(e)[:2000]}
print(json.dumps(out))
`;

const HEADS: OnnxHead[] = ['lm', 'value', 'reward'];
const dir = mkdtempSync(join(tmpdir(), 'onnx-checker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasChecker)('the official ONNX checker (python3-onnx) on the exported graphs', () => {
  it('accepts every preset × head, with the promised output shapes', () => {
    const files: { path: string; preset: PresetName; head: OnnxHead; V: number }[] = [];
    for (const preset of Object.keys(PRESETS) as PresetName[]) {
      const config = { vocabSize: 52, ...PRESETS[preset] };
      for (const head of HEADS) {
        const path = join(dir, `${preset}-${head}.onnx`);
        writeFileSync(path, exportOnnx({ config, head, params: randomParams(config, head, 1), vocab: dummyVocab(config.vocabSize) }));
        files.push({ path, preset, head, V: config.vocabSize });
      }
    }
    const r = spawnSync(PYTHON, ['-c', CHECK, ...files.map((f) => f.path)], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as Record<string, { ok: boolean; error?: string; opset?: number[]; outputs?: [string, (string | number)[]][] }>;
    const want: Record<OnnxHead, (V: number) => (string | number)[]> = { lm: (V) => ['batch', 'seq', V], value: () => ['batch', 'seq'], reward: () => ['batch'] };
    for (const f of files) {
      const got = results[f.path];
      expect(got.error, `${f.preset}/${f.head}`).toBeUndefined();
      expect(got.ok).toBe(true);
      expect(got.opset![0]).toBeGreaterThanOrEqual(17);
      expect(got.outputs, `${f.preset}/${f.head}`).toEqual([[OUTPUT_NAME[f.head], want[f.head](f.V)]]);
    }
  });

  it('is a real check: it rejects a graph with a node input that nothing produces', () => {
    const config = { vocabSize: 52, ...PRESETS.micro };
    const bytes = exportOnnx({ config, head: 'reward', params: randomParams(config, 'reward', 1), vocab: dummyVocab(52) });
    // The node that writes the score now reads a tensor that nothing produces.
    const model = decodeModel(bytes);
    const last = model.graph.nodes.find((n) => n.outputs.includes('score'))!;
    last.inputs = ['nowhere', ...last.inputs.slice(1)];
    const broken = encodeModel(model);
    const path = join(dir, 'broken.onnx');
    writeFileSync(path, broken);
    const r = spawnSync(PYTHON, ['-c', CHECK, path], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout)[path];
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/nowhere/);
  });
});
