/**
 * Bring-your-own reward model: a valid export loads and scores like the float64 reference (scaled
 * tolerance 1e-4, see export.test.ts), and each refusal is triggered by a small crafted model whose
 * message must name the problem (input, dimension, both numbers, vocabulary index and words).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { maxScaledDiff } from '../tensor/compare';
import { loadRewardModel, RewardModelError, type RefusalCode, type RewardModelHandle } from './byo-reward';
import { exportOnnx } from './export';
import { attr, GraphBuilder } from './graph-builder';
import { DType, decodeModel, encodeModel, type Dim, type ValueInfoSpec } from './onnx-proto';
import { dummyVocab, randomParams, randomTokens } from './random-params';
import { referenceForward } from './reference-forward';
import type { OnnxModelConfig } from './spec';

const config: OnnxModelConfig = { vocabSize: 13, maxSeqLen: 16, channels: 16, layers: 1, heads: 2 };
const VOCAB = dummyVocab(13);
const params = randomParams(config, 'reward', 31);
const exported = exportOnnx({ config, head: 'reward', params, vocab: VOCAB });

const handles: RewardModelHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.release();
});
async function load(...args: Parameters<typeof loadRewardModel>): Promise<RewardModelHandle> {
  const h = await loadRewardModel(...args);
  handles.push(h);
  return h;
}

/** Resolves to the RewardModelError a promise rejects with (fails the test if it resolves). */
async function refusal(p: Promise<unknown>, code: RefusalCode): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RewardModelError);
  expect((err as RewardModelError).code).toBe(code);
  return (err as RewardModelError).message;
}

const ids = (shape: Dim[] = ['batch', 'seq'], elemType: number = DType.int64): ValueInfoSpec => ({ name: 'input_ids', elemType, shape });
const mask = (shape: Dim[] = ['batch', 'seq'], elemType: number = DType.int64): ValueInfoSpec => ({ name: 'attention_mask', elemType, shape });

/**
 * A toy scorer that onnxruntime can run: score[b] = Σ_s ids·mask (+ 1000·Σ_s position_ids when that
 * input exists), output `score` shaped as asked. Inputs are cast to float, so any int/float/bool feed works.
 */
function toyModel(opts: { inputs?: ValueInfoSpec[]; outShape?: Dim[]; outName?: string; metadata?: [string, string][]; extraOp?: string } = {}): Uint8Array {
  const inputs = opts.inputs ?? [ids(), mask()];
  const g = new GraphBuilder();
  inputs.forEach((v) => g.claim(v.name));
  const f = (name: string) => g.op('Cast', [name], { to: attr.int(DType.float) });
  const has = (n: string) => inputs.some((v) => v.name === n);
  const idsIn = inputs.find((v) => v.name === 'input_ids') ?? inputs[0];
  let prod = f(idsIn.name);
  if (has('attention_mask')) prod = g.op('Mul', [prod, f('attention_mask')]);
  if (opts.extraOp) prod = g.op(opts.extraOp, [prod]);
  const keep = opts.outShape?.length === 2 ? 1 : 0;
  const axes = g.ints('axes', [1]);
  let score = g.op('ReduceSum', [prod, axes], { keepdims: attr.int(keep) });
  if (has('position_ids')) {
    const pos = g.op('ReduceSum', [f('position_ids'), axes], { keepdims: attr.int(keep) });
    score = g.op('Add', [score, g.op('Mul', [pos, g.scalar('k', 1000)])]);
  }
  const outName = opts.outName ?? 'score';
  g.op('Identity', [score], undefined, outName);
  return encodeModel({
    irVersion: 8, opsetImports: [{ domain: '', version: 17 }], producerName: 'test', producerVersion: '', metadata: opts.metadata ?? [],
    graph: { name: 'toy', nodes: g.nodes, initializers: g.initializers, inputs, outputs: [{ name: outName, elemType: DType.float, shape: opts.outShape ?? ['batch'] }] },
  });
}

describe('loadRewardModel: a valid exported reward model', () => {
  it('loads with an exact vocabulary check and scores like the reference (right padding)', async () => {
    const h = await load(exported, VOCAB);
    expect(h.vocabCheck).toBe('metadata');
    expect(h.warnings).toEqual([]);
    const B = 3, S = 11;
    const tokens = randomTokens(13, B, S, 8);
    const m = Array.from({ length: B * S }, (_, i) => (i % S < [11, 6, 2][Math.floor(i / S)] ? 1 : 0));
    const got = await h.score(tokens, B, S, m);
    expect(got).toBeInstanceOf(Float32Array);
    expect(maxScaledDiff(got, referenceForward({ config, head: 'reward', params, inputIds: tokens, B, S, attentionMask: m }))).toBeLessThan(1e-4);
    // Without a mask every position is real: the score is the value at position S−1.
    const full = await h.score(tokens, B, S);
    expect(maxScaledDiff(full, referenceForward({ config, head: 'reward', params, inputIds: tokens, B, S }))).toBeLessThan(1e-4);
  });

  it('pads on the right to a fixed, longer sequence length and gives the same scores', async () => {
    const m = decodeModel(exported);
    m.graph.inputs = [ids([2, 16]), mask([2, 16])];
    const h = await load(encodeModel(m), VOCAB);
    const tokens = randomTokens(13, 2, 10, 12);
    const got = await h.score(tokens, 2, 10);
    expect(maxScaledDiff(got, referenceForward({ config, head: 'reward', params, inputIds: tokens, B: 2, S: 10 }))).toBeLessThan(1e-4);
  });

  it('feeds int32 ids, float masks and position_ids, and accepts a (batch, 1) output', async () => {
    const inputs = [ids(['b', 's'], DType.int32), mask(['b', 's'], DType.float), { name: 'position_ids', elemType: DType.int64, shape: ['b', 's'] }];
    const h = await load(toyModel({ inputs, outShape: ['b', 1] }), VOCAB);
    expect(h.vocabCheck).toBe('none');
    expect(h.warnings.join(' ')).toMatch(/vocabulary could not be checked/);
    // Row 0: ids 1,2,3 all real → 6 + 1000·(0+1+2); row 1: 4,5 real, 6 masked → 9 + 3000.
    const got = await h.score(Int32Array.from([1, 2, 3, 4, 5, 6]), 2, 3, [1, 1, 1, 1, 1, 0]);
    expect([...got]).toEqual([3006, 3009]);
  });
});

describe('loadRewardModel refusals', () => {
  it('refuses garbage with "not an ONNX model" and never crashes', async () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('{"not": "onnx"}'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), exported.slice(0, 5000)]) {
      expect(await refusal(loadRewardModel(bytes, VOCAB), 'not-onnx')).toMatch(/not an ONNX model/);
    }
    const rng = new Rng(5, STREAM.test);
    for (let i = 0; i < 50; i++) {
      const bytes = Uint8Array.from({ length: 1 + rng.int(300) }, () => rng.int(256));
      await expect(loadRewardModel(bytes, VOCAB)).rejects.toBeInstanceOf(RewardModelError);
    }
  });

  it('names a missing input_ids and the inputs the model has', async () => {
    const msg = await refusal(loadRewardModel(toyModel({ inputs: [{ name: 'tokens', elemType: DType.int64, shape: ['b', 's'] }] }), VOCAB), 'missing-input');
    expect(msg).toBe('The model has no input named "input_ids" (its inputs: "tokens").');
  });

  it('names the wrong element type of input_ids', async () => {
    const msg = await refusal(loadRewardModel(toyModel({ inputs: [ids(['b', 's'], DType.float)] }), VOCAB), 'input-type');
    expect(msg).toBe('Input "input_ids" has element type float; expected int64 or int32.');
  });

  it('names a required input we cannot feed', async () => {
    const inputs = [ids(), mask(), { name: 'token_type_ids', elemType: DType.int64, shape: ['batch', 'seq'] }];
    const msg = await refusal(loadRewardModel(toyModel({ inputs }), VOCAB), 'unfeedable-input');
    expect(msg).toMatch(/requires an input "token_type_ids" \(int64 \[batch, seq\]\) that we cannot feed/);
  });

  it('refuses an output that is not one score per sequence (a value head, B×S)', async () => {
    const value = exportOnnx({ config, head: 'value', params, vocab: VOCAB });
    const msg = await refusal(loadRewardModel(value, VOCAB), 'output-shape');
    expect(msg).toBe('Output "values" is shaped [batch, seq]; a reward model must give one score per sequence, shaped (batch) or (batch, 1).');
    const two = toyModel({ outShape: ['b', 'seq'], outName: 'out' });
    expect(await refusal(loadRewardModel(two, VOCAB), 'output-shape')).toMatch(/"out" is shaped \[b, seq\]/);
  });

  it('refuses a fixed sequence length shorter than requested, at load and at score time', async () => {
    const model = toyModel({ inputs: [ids(['batch', 8]), mask(['batch', 8])] });
    const msg = await refusal(loadRewardModel(model, VOCAB, { seqLen: 12 }), 'sequence-length');
    expect(msg).toBe('Input "input_ids" has a fixed sequence dimension (dimension 1) of 8, smaller than the 12 tokens requested.');
    const h = await load(model, VOCAB);
    expect(await refusal(h.score(new Int32Array(24), 2, 12), 'sequence-length')).toBe(msg);
    expect([...(await h.score(Int32Array.from([1, 2, 3, 4]), 2, 2))]).toEqual([3, 7]); // padded to 8, mask 0
  });

  it('refuses a longer fixed sequence when there is no attention_mask to mark padding', async () => {
    const msg = await refusal(loadRewardModel(toyModel({ inputs: [ids(['batch', 8])] }), VOCAB, { seqLen: 5 }), 'sequence-length');
    expect(msg).toMatch(/fixed sequence dimension \(dimension 1\) of 8 but 5 tokens were requested, and the model has no "attention_mask"/);
  });

  it('refuses a fixed batch that does not match, naming the dimension and both numbers', async () => {
    const model = toyModel({ inputs: [ids([4, 'seq']), mask([4, 'seq'])], outShape: [4] });
    await load(model, VOCAB, { seqLen: 30 }); // a batch-only constraint is not checked without a batch
    const msg = await refusal(loadRewardModel(model, VOCAB, { batch: 2 }), 'batch-size');
    expect(msg).toBe('Input "input_ids" has a fixed batch dimension (dimension 0) of 4, but 2 sequences were given.');
    const h = await load(model, VOCAB);
    expect(await refusal(h.score(new Int32Array(6), 2, 3), 'batch-size')).toBe(msg);
    expect(await h.score(new Int32Array(12).fill(1), 4, 3)).toEqual(new Float32Array([3, 3, 3, 3]));
  });

  it('refuses more tokens than the position table in the config metadata covers', async () => {
    const h = await load(exported, VOCAB);
    const msg = await refusal(h.score(new Int32Array(20), 1, 20), 'sequence-length');
    expect(msg).toBe("The model's position table covers 16 tokens (metadata maxSeqLen), fewer than the 20 requested.");
  });

  it('names the first differing vocabulary entry', async () => {
    const theirs = VOCAB.slice();
    theirs[5] = 'zebra';
    const model = exportOnnx({ config, head: 'reward', params, vocab: theirs });
    expect(await refusal(loadRewardModel(model, VOCAB), 'vocab-mismatch')).toBe('Vocabulary mismatch at index 5: the model has "zebra", ours has "w5".');
  });

  it('reports a vocabulary size mismatch with both sizes (and the first difference when there is one)', async () => {
    const c14 = { ...config, vocabSize: 14 };
    const model = exportOnnx({ config: c14, head: 'reward', params: randomParams(c14, 'reward', 1), vocab: dummyVocab(14) });
    expect(await refusal(loadRewardModel(model, VOCAB), 'vocab-mismatch')).toBe('Vocabulary size mismatch: the model has 14 tokens, ours has 13.');
    const ours = ['<pad>', '<eos>', 'cat', ...VOCAB.slice(3)];
    expect(await refusal(loadRewardModel(model, ours), 'vocab-mismatch')).toBe(
      'Vocabulary size mismatch: the model has 14 tokens, ours has 13; first difference at index 2: the model has "w2", ours has "cat".');
  });

  it('without vocabulary metadata checks the embedding row count, or accepts with a warning', async () => {
    const bare = exportOnnx({ config, head: 'reward', params });
    const h = await load(bare, VOCAB);
    expect(h.vocabCheck).toBe('embedding-rows');
    expect(h.warnings).toEqual(['The model has no vocabulary metadata; only its size (13 tokens, from "wte") could be checked.']);
    const msg = await refusal(loadRewardModel(bare, dummyVocab(20)), 'vocab-mismatch');
    expect(msg).toBe('Vocabulary size mismatch: the embedding table "wte" has 13 rows but our vocabulary has 20 tokens (the model has no vocabulary metadata).');
  });

  it('refuses vocabulary metadata that is not a JSON array of strings', async () => {
    expect(await refusal(loadRewardModel(toyModel({ metadata: [['vocab', 'a b c']] }), VOCAB), 'bad-metadata')).toMatch(/not valid JSON/);
    expect(await refusal(loadRewardModel(toyModel({ metadata: [['vocab', '[1, 2]']] }), VOCAB), 'bad-metadata')).toMatch(/not a JSON array of strings/);
  });

  it('passes on onnxruntime load errors as a message, not a crash', async () => {
    const msg = await refusal(loadRewardModel(toyModel({ extraOp: 'NoSuchOp' }), VOCAB), 'runtime');
    expect(msg).toMatch(/^onnxruntime could not load the model: .*NoSuchOp/);
  });

  it('refuses token ids outside the vocabulary before running', async () => {
    const h = await load(exported, VOCAB);
    await expect(h.score(Int32Array.from([1, 13]), 1, 2)).rejects.toThrow(/token id 13 at position 1 is outside the vocabulary \[0, 13\)/);
  });
});
