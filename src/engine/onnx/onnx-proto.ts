/**
 * The subset of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) this project
 * writes and reads: ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto
 * (tensor types only) and metadata_props. Field numbers are quoted from onnx.proto; do not renumber.
 */
import { ProtoWriter, ProtobufError, fields, asInt, asBytes, asString, pushInts } from './protobuf';

/** TensorProto.DataType values used here. */
export const DType = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7, string: 8, bool: 9, float16: 10, double: 11 } as const;

const DTYPE_NAMES: Record<number, string> = {
  0: 'undefined', 1: 'float', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'double', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};

export function dtypeName(t: number): string {
  return DTYPE_NAMES[t] ?? `type#${t}`;
}

export interface TensorSpec {
  name: string;
  dims: number[];
  dataType: number;
  /** Little-endian raw_data; absent when a decoded tensor stored its values in typed fields. */
  raw?: Uint8Array;
}

export type AttrValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: number[] }
  | { kind: 'tensor'; value: TensorSpec }
  | { kind: 'other'; type: number };

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, AttrValue>;
}

/** number = fixed size, string = symbolic (dim_param), null = unknown. */
export type Dim = number | string | null;

export interface ValueInfoSpec {
  name: string;
  /** TensorProto.DataType of a tensor value; 0 when the type is not a tensor or is missing. */
  elemType: number;
  /** null when the rank is unknown (no shape field). */
  shape: Dim[] | null;
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueInfoSpec[];
  outputs: ValueInfoSpec[];
}

export interface ModelSpec {
  irVersion: number;
  opsetImports: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  graph: GraphSpec;
  metadata: [string, string][];
}

// ---------------------------------------------------------------------------------------------
// Encoding

function writeTensor(w: ProtoWriter, t: TensorSpec): void {
  if (t.dims.length) w.packedInt64(1, t.dims); // dims
  w.int64(2, t.dataType); // data_type
  w.string(8, t.name); // name
  if (t.raw) w.bytes(9, t.raw); // raw_data
}

function writeAttr(w: ProtoWriter, name: string, a: AttrValue): void {
  w.string(1, name);
  switch (a.kind) {
    case 'float': w.float32(2, a.value).int64(20, 1); break; // f, type=FLOAT
    case 'int': w.int64(3, a.value).int64(20, 2); break; // i, type=INT
    case 'string': w.string(4, a.value).int64(20, 3); break; // s, type=STRING
    case 'tensor': w.message(5, (m) => writeTensor(m, a.value)).int64(20, 4); break; // t, type=TENSOR
    case 'ints': w.packedInt64(8, a.value).int64(20, 7); break; // ints, type=INTS
    case 'other': throw new Error(`cannot encode attribute ${name} of type ${a.type}`);
  }
}

function writeValueInfo(w: ProtoWriter, v: ValueInfoSpec): void {
  w.string(1, v.name);
  w.message(2, (type) => // TypeProto
    type.message(1, (tt) => { // tensor_type
      tt.int64(1, v.elemType); // elem_type
      if (v.shape) {
        tt.message(2, (shape) => { // TensorShapeProto
          for (const d of v.shape!) {
            shape.message(1, (dim) => { // dim: dim_value=1, dim_param=2
              if (typeof d === 'number') dim.int64(1, d);
              else if (typeof d === 'string') dim.string(2, d);
            });
          }
        });
      }
    }));
}

function writeNode(w: ProtoWriter, n: NodeSpec): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [k, a] of Object.entries(n.attrs ?? {})) w.message(5, (m) => writeAttr(m, k, a));
  if (n.domain) w.string(7, n.domain);
}

export function encodeModel(m: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.int64(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  w.message(7, (g) => {
    for (const n of m.graph.nodes) g.message(1, (x) => writeNode(x, n));
    g.string(2, m.graph.name);
    for (const t of m.graph.initializers) g.message(5, (x) => writeTensor(x, t));
    for (const v of m.graph.inputs) g.message(11, (x) => writeValueInfo(x, v));
    for (const v of m.graph.outputs) g.message(12, (x) => writeValueInfo(x, v));
  });
  for (const o of m.opsetImports) w.message(8, (x) => { if (o.domain) x.string(1, o.domain); x.int64(2, o.version); });
  for (const [k, v] of m.metadata) w.message(14, (x) => x.string(1, k).string(2, v));
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding (unknown fields are skipped, as protobuf parsers do)

function readTensor(buf: Uint8Array): TensorSpec {
  const t: TensorSpec = { name: '', dims: [], dataType: 0 };
  for (const f of fields(buf)) {
    if (f.field === 1) pushInts(f, t.dims);
    else if (f.field === 2) t.dataType = asInt(f);
    else if (f.field === 8) t.name = asString(f);
    else if (f.field === 9) t.raw = asBytes(f);
  }
  return t;
}

function readAttr(buf: Uint8Array): [string, AttrValue] {
  let name = '';
  let type = 0;
  let f32: number | undefined, i64: number | undefined, s: string | undefined, t: TensorSpec | undefined;
  const ints: number[] = [];
  for (const f of fields(buf)) {
    if (f.field === 1) name = asString(f);
    else if (f.field === 20) type = asInt(f);
    else if (f.field === 2 && f.wire === 5) f32 = new DataView(f.value.buffer, f.value.byteOffset, 4).getFloat32(0, true);
    else if (f.field === 3) i64 = asInt(f);
    else if (f.field === 4) s = asString(f);
    else if (f.field === 5) t = readTensor(asBytes(f));
    else if (f.field === 8) pushInts(f, ints);
  }
  if (type === 1 && f32 !== undefined) return [name, { kind: 'float', value: f32 }];
  if (type === 2 && i64 !== undefined) return [name, { kind: 'int', value: i64 }];
  if (type === 3 && s !== undefined) return [name, { kind: 'string', value: s }];
  if (type === 4 && t) return [name, { kind: 'tensor', value: t }];
  if (type === 7) return [name, { kind: 'ints', value: ints }];
  return [name, { kind: 'other', type }];
}

function readValueInfo(buf: Uint8Array): ValueInfoSpec {
  const v: ValueInfoSpec = { name: '', elemType: 0, shape: null };
  for (const f of fields(buf)) {
    if (f.field === 1) v.name = asString(f);
    else if (f.field === 2) {
      for (const tf of fields(asBytes(f))) {
        if (tf.field !== 1) continue; // only tensor_type; sequences/maps keep elemType 0
        for (const tt of fields(asBytes(tf))) {
          if (tt.field === 1) v.elemType = asInt(tt);
          else if (tt.field === 2) {
            v.shape = [];
            for (const d of fields(asBytes(tt))) {
              if (d.field !== 1) continue;
              let dim: Dim = null;
              for (const x of fields(asBytes(d))) {
                if (x.field === 1) dim = asInt(x);
                else if (x.field === 2) dim = asString(x) || null;
              }
              v.shape.push(dim);
            }
          }
        }
      }
    }
  }
  return v;
}

function readNode(buf: Uint8Array): NodeSpec {
  const n: NodeSpec = { opType: '', inputs: [], outputs: [], attrs: {} };
  for (const f of fields(buf)) {
    if (f.field === 1) n.inputs.push(asString(f));
    else if (f.field === 2) n.outputs.push(asString(f));
    else if (f.field === 3) n.name = asString(f);
    else if (f.field === 4) n.opType = asString(f);
    else if (f.field === 7) n.domain = asString(f);
    else if (f.field === 5) {
      const [k, a] = readAttr(asBytes(f));
      n.attrs![k] = a;
    }
  }
  return n;
}

function readGraph(buf: Uint8Array): GraphSpec {
  const g: GraphSpec = { name: '', nodes: [], initializers: [], inputs: [], outputs: [] };
  for (const f of fields(buf)) {
    if (f.field === 1) g.nodes.push(readNode(asBytes(f)));
    else if (f.field === 2) g.name = asString(f);
    else if (f.field === 5) g.initializers.push(readTensor(asBytes(f)));
    else if (f.field === 11) g.inputs.push(readValueInfo(asBytes(f)));
    else if (f.field === 12) g.outputs.push(readValueInfo(asBytes(f)));
  }
  return g;
}

/**
 * Parses an ONNX ModelProto. Throws ProtobufError when the bytes are not protobuf, or are protobuf
 * but not a model (no ir_version or no graph) — random bytes sometimes happen to be valid wire format.
 */
export function decodeModel(bytes: Uint8Array): ModelSpec {
  let irVersion: number | null = null;
  let graph: GraphSpec | null = null;
  const m: Omit<ModelSpec, 'irVersion' | 'graph'> = { opsetImports: [], producerName: '', producerVersion: '', metadata: [] };
  for (const f of fields(bytes)) {
    if (f.field === 1) irVersion = asInt(f);
    else if (f.field === 2) m.producerName = asString(f);
    else if (f.field === 3) m.producerVersion = asString(f);
    else if (f.field === 7) graph = readGraph(asBytes(f));
    else if (f.field === 8) {
      const o = { domain: '', version: 0 };
      for (const x of fields(asBytes(f))) {
        if (x.field === 1) o.domain = asString(x);
        else if (x.field === 2) o.version = asInt(x);
      }
      m.opsetImports.push(o);
    } else if (f.field === 14) {
      let k = '', v = '';
      for (const x of fields(asBytes(f))) {
        if (x.field === 1) k = asString(x);
        else if (x.field === 2) v = asString(x);
      }
      m.metadata.push([k, v]);
    }
  }
  if (irVersion === null) throw new ProtobufError('no ir_version field');
  if (irVersion < 1 || irVersion > 100) throw new ProtobufError(`implausible ir_version ${irVersion}`);
  if (!graph) throw new ProtobufError('no graph');
  return { ...m, irVersion, graph };
}
