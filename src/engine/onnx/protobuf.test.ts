import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { ProtoReader, ProtoWriter, ProtobufError, fields, pushInts } from './protobuf';
import { DType, decodeModel, encodeModel, type ModelSpec } from './onnx-proto';
import { exportOnnx } from './export';
import { dummyVocab, randomParams } from './random-params';

describe('protobuf wire codec', () => {
  it('encodes varints as in the protobuf docs (150 → 96 01, −1 → ten bytes)', () => {
    expect([...new ProtoWriter().varint(150).finish()]).toEqual([0x96, 0x01]);
    expect([...new ProtoWriter().varint(1).finish()]).toEqual([1]);
    const neg = new ProtoWriter().varint(-1).finish();
    expect([...neg]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('round-trips int64 (incl. negative and > 2^32) packed and unpacked', () => {
    const values = [0, 1, 127, 128, 300, 2 ** 33 + 5, -1, -7, Number.MAX_SAFE_INTEGER];
    const w = new ProtoWriter().packedInt64(1, values);
    for (const v of values) w.int64(1, v);
    const out: number[] = [];
    for (const f of fields(w.finish())) pushInts(f, out);
    expect(out).toEqual([...values, ...values]);
  });

  it('refuses truncated and malformed input with ProtobufError', () => {
    expect(() => new ProtoReader(new Uint8Array([0x0a, 0x05, 1, 2])).next()).toThrow(ProtobufError); // length past end
    expect(() => new ProtoReader(new Uint8Array([0x08, 0x80])).next()).toThrow(/truncated varint/);
    expect(() => new ProtoReader(new Uint8Array([0x0b])).next()).toThrow(/wire type 3/); // groups unsupported
    expect(() => new ProtoReader(new Uint8Array([0x00, 0x01])).next()).toThrow(/field number 0/);
    expect(() => new ProtoReader(new Uint8Array(11).fill(0xff)).varint()).toThrow(/longer than 10 bytes/);
  });
});

describe('ONNX model codec', () => {
  const config = { vocabSize: 13, maxSeqLen: 8, channels: 16, layers: 1, heads: 2 };

  it('decodes an exported model and re-encodes it to the same bytes', () => {
    const bytes = exportOnnx({ config, head: 'reward', params: randomParams(config, 'reward', 3), vocab: dummyVocab(13) });
    const m = decodeModel(bytes);
    expect(m.irVersion).toBe(8);
    expect(m.opsetImports).toEqual([{ domain: '', version: 17 }]);
    expect(m.graph.inputs.map((v) => [v.name, v.elemType, v.shape])).toEqual([
      ['input_ids', DType.int64, ['batch', 'seq']],
      ['attention_mask', DType.int64, ['batch', 'seq']],
    ]);
    expect(m.graph.outputs.map((v) => [v.name, v.shape])).toEqual([['score', ['batch']]]);
    const wte = m.graph.initializers.find((t) => t.name === 'wte')!;
    expect(wte.dims).toEqual([13, 16]);
    expect(wte.raw!.length).toBe(13 * 16 * 4);
    expect(JSON.parse(new Map(m.metadata).get('vocab')!)).toEqual(dummyVocab(13));
    expect(encodeModel(m)).toEqual(bytes);
  });

  it('keeps fixed, symbolic and unknown dimensions and attribute values apart', () => {
    const spec: ModelSpec = {
      irVersion: 8, opsetImports: [{ domain: '', version: 17 }], producerName: 't', producerVersion: '', metadata: [['k', 'v']],
      graph: {
        name: 'g', initializers: [],
        nodes: [{ opType: 'Softmax', inputs: ['x'], outputs: ['y'], name: 'n', attrs: { axis: { kind: 'int', value: -1 }, f: { kind: 'float', value: 0.5 } } }],
        inputs: [{ name: 'x', elemType: DType.float, shape: [4, 'seq', null] }],
        outputs: [{ name: 'y', elemType: DType.float, shape: null }],
      },
    };
    const back = decodeModel(encodeModel(spec));
    expect(back.graph.inputs[0].shape).toEqual([4, 'seq', null]);
    expect(back.graph.outputs[0].shape).toBeNull();
    expect(back.graph.nodes[0].attrs).toEqual(spec.graph.nodes[0].attrs);
    expect(back.metadata).toEqual([['k', 'v']]);
  });

  it('throws only ProtobufError on random bytes, truncations and non-model protobuf', () => {
    const rng = new Rng(11, STREAM.test);
    const model = exportOnnx({ config, head: 'lm', params: randomParams(config, 'lm', 1) });
    const inputs: Uint8Array[] = [new Uint8Array(0), new TextEncoder().encode('hello, world'), new ProtoWriter().string(5, 'x').finish()];
    for (let i = 0; i < 300; i++) inputs.push(Uint8Array.from({ length: 1 + rng.int(200) }, () => rng.int(256)));
    for (let i = 0; i < 50; i++) inputs.push(model.slice(0, rng.int(model.length)));
    for (const b of inputs) expect(() => decodeModel(b)).toThrow(ProtobufError);
  });
});
