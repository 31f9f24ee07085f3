// `npm run export-onnx -- --checkpoint public/models/reviews/tiny/sft.ckpt --out actor.onnx
//   [--vocab-from reviews|none] [--head lm|value|reward] [--no-verify]`
// Converts one of our checkpoints (src/engine/model/checkpoint.ts) to a standard ONNX model
// (opset 17, src/engine/onnx/export.ts). The vocabulary (stored in the ONNX metadata so a loader can
// check the tokenizer) comes from --vocab-from, else from the scenario named in the checkpoint's
// metadata. Unless --no-verify, the written file is loaded back in onnxruntime-web and its output
// compared with our CPU engine on a random batch. Bad arguments or files exit 2 with a message; a
// file that does not verify exits 1 (scripts/cli.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CpuBackend } from '../src/engine/backends/cpu-backend';
import { getScenario } from '../src/engine/data/scenarios';
import { CheckpointError, loadCheckpoint } from '../src/engine/model/checkpoint';
import { Gpt } from '../src/engine/model/gpt';
import { exportCheckpointOnnx, type CheckpointExport } from '../src/engine/onnx/engine-export';
import { createOrtSession, int64Tensor } from '../src/engine/onnx/ort-session';
import { randomTokens } from '../src/engine/onnx/random-params';
import { OUTPUT_NAME, type OnnxHead } from '../src/engine/onnx/spec';
import { maxScaledDiff } from '../src/engine/tensor/compare';
import { EXIT_FAILED, failer, sameFile, type Fail } from './cli';

const USAGE = 'usage: npm run export-onnx -- --checkpoint <file.ckpt> --out <file.onnx> [--vocab-from <scenario>|none] [--head lm|value|reward] [--no-verify]';
const HEADS: OnnxHead[] = ['lm', 'value', 'reward'];
/** Scaled (|Δ| / max(1, |engine|)) agreement required of the written file; see engine-vs-ort.test.ts. */
const VERIFY_TOL = 1e-4;

const fail: Fail = failer('export-onnx');

function vocabulary(from: string | undefined, meta: Record<string, unknown>, vocabSize: number): { vocab?: string[]; source: string } {
  if (from === 'none') return { source: 'none (--vocab-from none)' };
  const id = from ?? (typeof meta.scenario === 'string' ? meta.scenario : undefined);
  if (id === undefined) return { source: 'none (the checkpoint names no scenario; pass --vocab-from <scenario>)' };
  let vocab: string[];
  try {
    vocab = [...getScenario(id).tokenizer.vocab];
  } catch (e) {
    // Blame what named the scenario: the flag, or the checkpoint when no flag was given.
    if (from) fail(`--vocab-from: ${(e as Error).message}`);
    fail(`the checkpoint's metadata names scenario "${id}", which this playground does not have; pass --vocab-from <scenario> or --vocab-from none`);
  }
  const named = from ? `--vocab-from ${id}` : `the checkpoint's scenario "${id}"`;
  if (vocab.length !== vocabSize) fail(`${named}: that vocabulary has ${vocab.length} tokens but the checkpoint's model has ${vocabSize}`);
  return { vocab, source: `scenario "${id}"${from ? '' : ' (from the checkpoint metadata)'}` };
}

/** Loads the written file in onnxruntime and compares it with the CPU engine on a random (2, S) batch. */
async function verify(onnx: Uint8Array, ckptBytes: Uint8Array, out: CheckpointExport): Promise<number> {
  const ckpt = loadCheckpoint(ckptBytes);
  const B = 2, S = Math.min(ckpt.config.maxSeqLen, 16);
  const tokens = randomTokens(ckpt.config.vocabSize, B, S, 7);
  const be = new CpuBackend();
  const model = new Gpt(be, ckpt.config, ckpt.head);
  model.setParams(ckpt.params);
  model.forward(tokens, B, S);
  let engine: Float32Array = model.output();
  if (out.head === 'reward') engine = Float32Array.from({ length: B }, (_, b) => model.output()[b * S + S - 1]);
  const session = await createOrtSession(onnx);
  try {
    const ones = new Array<number>(B * S).fill(1);
    const result = await session.run({ input_ids: int64Tensor(tokens, [B, S]), attention_mask: int64Tensor(ones, [B, S]) });
    const got = result[OUTPUT_NAME[out.head]].data as Float32Array;
    if (out.head === 'lm' && ckpt.head !== 'lm') {
      // An LM export of a value/reward checkpoint: the engine model computed the value head instead.
      const lm = new Gpt(be, ckpt.config, 'lm');
      lm.setParams(ckpt.params.subarray(0, lm.layout.size));
      lm.forward(tokens, B, S);
      engine = lm.output();
    }
    return maxScaledDiff(got, engine);
  } finally {
    await session.release();
  }
}

async function main(): Promise<void> {
  let a;
  try {
    a = parseArgs({
      options: {
        checkpoint: { type: 'string' },
        out: { type: 'string' },
        'vocab-from': { type: 'string' },
        head: { type: 'string' },
        'no-verify': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  if (a.help) {
    console.log(USAGE);
    return;
  }
  if (!a.checkpoint) fail(`--checkpoint is required\n${USAGE}`);
  if (!a.out) fail(`--out is required\n${USAGE}`);
  if (a.head !== undefined && !HEADS.includes(a.head as OnnxHead)) fail(`--head must be one of ${HEADS.join(', ')}, got "${a.head}"`);
  if (sameFile(a.out, a.checkpoint)) fail(`--out ${a.out} is the checkpoint itself; choose another file name (the checkpoint would be overwritten)`);

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(a.checkpoint));
  } catch (e) {
    fail(`cannot read the checkpoint "${a.checkpoint}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let ckpt;
  try {
    ckpt = loadCheckpoint(bytes);
  } catch (e) {
    if (e instanceof CheckpointError) fail(`${a.checkpoint}: ${e.message}`);
    throw e;
  }
  const { vocab, source } = vocabulary(a['vocab-from'], ckpt.meta, ckpt.config.vocabSize);
  let result: CheckpointExport;
  try {
    result = exportCheckpointOnnx(bytes, vocab, { head: a.head as OnnxHead | undefined, producerVersion: a.checkpoint.split(/[\\/]/).pop() });
  } catch (e) {
    fail(`${a.checkpoint}: ${(e as Error).message}`);
  }
  try {
    writeFileSync(a.out, result.onnx);
  } catch (e) {
    fail(`cannot write "${a.out}": ${(e as Error).message}`);
  }
  const c = result.config;
  console.log(`wrote ${a.out} (${result.onnx.length} bytes): ${result.head} head from a ${result.checkpointHead} checkpoint, V=${c.vocabSize} maxS=${c.maxSeqLen} C=${c.channels} L=${c.layers} H=${c.heads}, vocabulary: ${source}`);
  if (a['no-verify']) return;
  const diff = await verify(result.onnx, bytes, result);
  if (!(diff < VERIFY_TOL)) fail(`verification failed: onnxruntime's output differs from the engine's by ${diff} (scaled), more than ${VERIFY_TOL}`, EXIT_FAILED);
  console.log(`verified: onnxruntime-web (wasm) output = CPU engine output within ${diff.toExponential(1)} (scaled; tolerance ${VERIFY_TOL})`);
}

await main().catch((e: unknown) => fail((e as Error).message, EXIT_FAILED));
