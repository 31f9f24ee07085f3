/**
 * A minimal protocol-buffers wire codec (https://protobuf.dev/programming-guides/encoding/), just
 * enough for ONNX: varints, length-delimited fields, packed repeated numbers, fixed32/fixed64.
 * Hand-written instead of a dependency because ONNX needs only a handful of message types and the
 * decoder must refuse garbage with a message instead of crashing (it is fed user-supplied files).
 */

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Thrown for any malformed input, so callers can tell "not protobuf" from programming errors. */
export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

/** Append-only byte buffer with protobuf field helpers. Field numbers come first, as in the spec. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Unsigned or negative (two's complement, 10 bytes) int64 as a varint. */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (v >= 0x80n) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  int64(field: number, value: number | bigint): this {
    return this.tag(field, WIRE.varint).varint(value);
  }

  float32(field: number, value: number): this {
    this.tag(field, WIRE.fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return this.raw(b);
  }

  bytes(field: number, bytes: Uint8Array): this {
    return this.tag(field, WIRE.bytes).varint(bytes.length).raw(bytes);
  }

  string(field: number, s: string): this {
    return this.bytes(field, utf8Encoder.encode(s));
  }

  /** A nested message, written by `fill` into a fresh writer (lengths must be known up front). */
  message(field: number, fill: (w: ProtoWriter) => void): this {
    const sub = new ProtoWriter();
    fill(sub);
    return this.bytes(field, sub.finish());
  }

  /** Packed repeated int64 (proto3 default for repeated scalars). */
  packedInt64(field: number, values: ArrayLike<number | bigint>): this {
    const sub = new ProtoWriter();
    for (let i = 0; i < values.length; i++) sub.varint(values[i]);
    return this.bytes(field, sub.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** One decoded field: varints as bigint (int64 can be negative), others as raw bytes or numbers. */
export type ProtoField =
  | { field: number; wire: 0; value: bigint }
  | { field: number; wire: 1; value: Uint8Array }
  | { field: number; wire: 2; value: Uint8Array }
  | { field: number; wire: 5; value: Uint8Array };

/** Bounds-checked reader over one message's bytes. */
export class ProtoReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new ProtobufError(`truncated varint at byte ${this.pos}`);
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtobufError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new ProtobufError(`field of ${n} bytes runs past the end (${this.buf.length - this.pos} left at byte ${this.pos})`);
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The next field, or throws ProtobufError on anything that is not valid wire format. */
  next(): ProtoField {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new ProtobufError(`field number 0 at byte ${this.pos}`);
    switch (wire) {
      case 0: return { field, wire, value: this.varint() };
      case 1: return { field, wire, value: this.take(8) };
      case 2: {
        const n = this.varint();
        if (n > BigInt(this.buf.length)) throw new ProtobufError(`length ${n} larger than the message`);
        return { field, wire, value: this.take(Number(n)) };
      }
      case 5: return { field, wire, value: this.take(4) };
      default: throw new ProtobufError(`unsupported wire type ${wire} (field ${field}) at byte ${this.pos}`);
    }
  }
}

/** Iterates the fields of one message. */
export function* fields(buf: Uint8Array): Generator<ProtoField> {
  const r = new ProtoReader(buf);
  while (!r.done) yield r.next();
}

/** A field's varint as a JS number (signed int64 semantics). */
export function asInt(f: ProtoField): number {
  if (f.wire !== WIRE.varint) throw new ProtobufError(`field ${f.field}: expected a varint, got wire type ${f.wire}`);
  return Number(BigInt.asIntN(64, f.value));
}

export function asBytes(f: ProtoField): Uint8Array {
  if (f.wire !== WIRE.bytes) throw new ProtobufError(`field ${f.field}: expected bytes, got wire type ${f.wire}`);
  return f.value;
}

export function asString(f: ProtoField): string {
  try {
    return utf8Decoder.decode(asBytes(f));
  } catch (e) {
    if (e instanceof ProtobufError) throw e;
    throw new ProtobufError(`field ${f.field}: invalid UTF-8 string`);
  }
}

/** Repeated int64: accepts both packed (wire 2) and unpacked (wire 0) encodings, as parsers must. */
export function pushInts(f: ProtoField, out: number[]): void {
  if (f.wire === WIRE.varint) {
    out.push(asInt(f));
    return;
  }
  const r = new ProtoReader(asBytes(f));
  while (!r.done) out.push(Number(BigInt.asIntN(64, r.varint())));
}
