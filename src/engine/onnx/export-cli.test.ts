/**
 * `npm run export-onnx` (scripts/export-onnx.ts) end to end, as a subprocess: a checkpoint written
 * by saveCheckpoint becomes an ONNX file that onnxruntime loads and that carries the scenario's
 * vocabulary; bad arguments and bad files exit 2 with a message naming the problem. Plus the
 * in-process helpers the UI uses (exportModelOnnx, exportCheckpointOnnx).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../backends/cpu-backend';
import { getScenario } from '../data/scenarios';
import { saveCheckpoint } from '../model/checkpoint';
import { presetConfig } from '../model/config';
import { Gpt } from '../model/gpt';
import { exportCheckpointOnnx, exportModelOnnx } from './engine-export';
import { decodeModel } from './onnx-proto';
import { createOrtSession } from './ort-session';
import { META } from './spec';

const dir = mkdtempSync(join(tmpdir(), 'export-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const vocab = getScenario('reviews').tokenizer.vocab;
const config = presetConfig('micro', vocab.length);
function checkpoint(head: 'lm' | 'reward', meta: Record<string, unknown>): { path: string; bytes: Uint8Array } {
  const m = new Gpt(new CpuBackend(), config, head);
  m.init(3);
  const bytes = saveCheckpoint(config, head, m.params, meta);
  const path = join(dir, `${head}.ckpt`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

function cli(...args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync('node', ['--import', 'tsx', '--import', './scripts/register-raw.mjs', 'scripts/export-onnx.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run export-onnx', () => {
  it('writes a checked ONNX file with the vocabulary of the scenario named in the checkpoint', async () => {
    const { path } = checkpoint('lm', { scenario: 'reviews' });
    const out = join(dir, 'actor.onnx');
    const r = cli('--checkpoint', path, '--out', out);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^wrote .*actor\.onnx \(\d+ bytes\): lm head from a lm checkpoint, V=52 maxS=32 C=16 L=1 H=2, vocabulary: scenario "reviews" \(from the checkpoint metadata\)/);
    expect(r.out).toMatch(/verified: onnxruntime-web \(wasm\) output = CPU engine output within/);
    const bytes = new Uint8Array(readFileSync(out));
    const meta = new Map(decodeModel(bytes).metadata);
    expect(JSON.parse(meta.get(META.vocab)!)).toEqual([...vocab]);
    expect(meta.get(META.head)).toBe('lm');
    const s = await createOrtSession(bytes);
    expect(s.outputNames).toEqual(['logits']);
    await s.release();
  });

  it('refuses bad arguments and files with exit code 2 and a message', () => {
    const { path } = checkpoint('lm', {});
    const cases: [string[], RegExp][] = [
      [['--out', 'x.onnx'], /--checkpoint is required\nusage: npm run export-onnx/],
      [['--checkpoint', join(dir, 'missing.ckpt'), '--out', 'x.onnx'], /cannot read the checkpoint ".*missing\.ckpt": no such file/],
      [['--checkpoint', 'package.json', '--out', 'x.onnx'], /package\.json: Not a usable checkpoint: it does not start with "RLHFCKPT"/],
      [['--checkpoint', path, '--out', 'x.onnx', '--head', 'reward'], /a "lm" model has no value head, so it cannot be exported as "reward"/],
      [['--checkpoint', path, '--out', 'x.onnx', '--vocab-from', 'arithmetic'], /--vocab-from arithmetic: that vocabulary has 14 tokens but the checkpoint's model has 52/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('never overwrites its input, and blames the checkpoint (not a flag never given) for a scenario it does not know', () => {
    const { path, bytes } = checkpoint('lm', { scenario: 'reviews' });
    for (const out of [path, join(dir, '.', 'lm.ckpt'), join(dir, '..', dir.split(/[\\/]/).pop()!, 'lm.ckpt')]) {
      const r = cli('--checkpoint', path, '--out', out);
      expect(r.status, out).toBe(2);
      expect(r.err).toMatch(/^export-onnx: --out .* is the checkpoint itself; choose another file name \(the checkpoint would be overwritten\)/);
    }
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(bytes))).toBe(true);
    const unknown = checkpoint('lm', { scenario: 'poetry' });
    const r = cli('--checkpoint', unknown.path, '--out', join(dir, 'x.onnx'), '--no-verify');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^export-onnx: the checkpoint's metadata names scenario "poetry", which this playground does not have; pass --vocab-from <scenario> or --vocab-from none/);
    expect(r.err).not.toMatch(/^export-onnx: --vocab-from/);
  });
});

describe('exportModelOnnx / exportCheckpointOnnx', () => {
  it('export a live model or a checkpoint as any head its parameters allow', async () => {
    const m = new Gpt(new CpuBackend(), config, 'reward');
    m.init(4);
    const fromModel = await exportModelOnnx(m, vocab);
    expect(decodeModel(fromModel).graph.outputs[0].name).toBe('score');
    expect(decodeModel(await exportModelOnnx(m, vocab, { head: 'value' })).graph.outputs[0].name).toBe('values');
    await expect(exportModelOnnx(m, vocab.slice(1))).rejects.toThrow(/the vocabulary has 51 tokens but the model was built for 52/);
    const ckpt = exportCheckpointOnnx(saveCheckpoint(config, 'reward', m.params, {}), vocab, { head: 'lm' });
    expect(ckpt.checkpointHead).toBe('reward');
    expect(decodeModel(ckpt.onnx).graph.outputs[0].name).toBe('logits');
    expect(() => exportCheckpointOnnx(new Uint8Array(3))).toThrow(/Not a usable checkpoint/);
  });
});
