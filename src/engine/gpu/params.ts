/**
 * Packs a kernel's `Params` uniform. WGSL struct members of type u32/i32/f32 are 4 bytes each and,
 * in the order written here, match a struct whose members are all scalars (no padding).
 */
export class ParamsWriter {
  private readonly view: DataView;
  private bytes = 0;

  constructor(capacity = 64) {
    this.view = new DataView(new ArrayBuffer(capacity));
  }

  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`u32 param out of range: ${value}`);
    this.view.setUint32(this.bytes, value, true);
    this.bytes += 4;
    return this;
  }

  i32(value: number): this {
    this.view.setInt32(this.bytes, value, true);
    this.bytes += 4;
    return this;
  }

  f32(value: number): this {
    this.view.setFloat32(this.bytes, value, true);
    this.bytes += 4;
    return this;
  }

  /** The packed bytes, padded to 16 (the uniform address space wants a 16-byte struct size). */
  done(): Uint8Array {
    const size = Math.max(16, Math.ceil(this.bytes / 16) * 16);
    return new Uint8Array(this.view.buffer, 0, size).slice();
  }
}

export const params = (): ParamsWriter => new ParamsWriter();
