/**
 * A small helper for writing ONNX graphs by hand: unique value names, typed initializers and one-line
 * node creation. It checks nothing about op semantics; onnxruntime does that when the model loads.
 */
import { DType, type AttrValue, type NodeSpec, type TensorSpec } from './onnx-proto';

export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  ints: (value: number[]): AttrValue => ({ kind: 'ints', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
};

/** Little-endian bytes of a float32 tensor (ONNX raw_data is always little-endian). */
export function float32Raw(data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) dv.setFloat32(i * 4, data[i], true);
  return out;
}

export function int64Raw(data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(data.length * 8);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) dv.setBigInt64(i * 8, BigInt(data[i]), true);
  return out;
}

export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  /** A value name not used before, readable in Netron: `${hint}_${n}`. */
  fresh(hint: string): string {
    let name = `${hint}_${this.counter++}`;
    while (this.used.has(name)) name = `${hint}_${this.counter++}`;
    this.used.add(name);
    return name;
  }

  /** Registers a name chosen by the caller (graph inputs/outputs, parameter names). */
  claim(name: string): string {
    if (this.used.has(name)) throw new Error(`graph value name used twice: ${name}`);
    this.used.add(name);
    return name;
  }

  /** Adds a node with one output and returns the output's name (or `out` if given). */
  op(opType: string, inputs: string[], attrs?: Record<string, AttrValue>, out?: string): string {
    const output = out ? this.claim(out) : this.fresh(opType.toLowerCase());
    this.nodes.push({ opType, inputs, outputs: [output], name: `${opType}_${this.nodes.length}`, attrs });
    return output;
  }

  /** A float32 initializer under a caller-chosen name (parameters keep the engine's names). */
  floatInit(name: string, dims: number[], data: ArrayLike<number>): string {
    return this.addInit(this.claim(name), dims, DType.float, data);
  }

  /** A float32 constant under a fresh name. */
  constFloat(hint: string, dims: number[], data: ArrayLike<number>): string {
    return this.addInit(this.fresh(hint), dims, DType.float, data);
  }

  /** An int64 constant under a fresh name (shapes, axes, indices). */
  constInt64(hint: string, dims: number[], data: ArrayLike<number>): string {
    return this.addInit(this.fresh(hint), dims, DType.int64, data);
  }

  /** A float scalar constant (rank 0). */
  scalar(hint: string, value: number): string {
    return this.constFloat(hint, [], [value]);
  }

  /** An int64 scalar constant (rank 0). */
  int64Scalar(hint: string, value: number): string {
    return this.constInt64(hint, [], [value]);
  }

  /** An int64 vector constant, for ops that take shapes/axes as inputs. */
  ints(hint: string, values: number[]): string {
    return this.constInt64(hint, [values.length], values);
  }

  private addInit(name: string, dims: number[], dataType: number, data: ArrayLike<number>): string {
    const n = dims.reduce((a, b) => a * b, 1);
    if (data.length !== n) throw new RangeError(`initializer ${name}: ${data.length} values for shape [${dims}]`);
    const raw = dataType === DType.int64 ? int64Raw(data) : float32Raw(data);
    this.initializers.push({ name, dims, dataType, raw });
    return name;
  }
}
