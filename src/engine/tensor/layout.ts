/**
 * A flat buffer carved into named, shaped views (llm.c's "one malloc for all parameters"). Every
 * view starts on a multiple of 64 elements (256 bytes) so that the GPU can bind it directly.
 */
export const VIEW_ALIGN = 64;

export interface LayoutEntry {
  readonly name: string;
  readonly shape: readonly number[];
  /** First element inside the flat buffer. */
  readonly offset: number;
  /** Number of elements (product of shape). */
  readonly length: number;
}

export class Layout {
  private readonly byName = new Map<string, LayoutEntry>();
  private end = 0;

  /** Appends a view; returns its entry. Names are unique. */
  add(name: string, shape: readonly number[]): LayoutEntry {
    if (this.byName.has(name)) throw new Error(`layout: duplicate view "${name}"`);
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new RangeError(`layout: view "${name}" has a bad dimension ${d} in [${shape}]`);
    }
    const length = shape.reduce((a, b) => a * b, 1);
    const offset = Math.ceil(this.end / VIEW_ALIGN) * VIEW_ALIGN;
    const entry: LayoutEntry = { name, shape: [...shape], offset, length };
    this.byName.set(name, entry);
    this.end = offset + length;
    return entry;
  }

  get(name: string): LayoutEntry {
    const e = this.byName.get(name);
    if (!e) throw new Error(`layout: no view named "${name}"`);
    return e;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Total elements of the flat buffer, padded to the alignment. */
  get size(): number {
    return Math.ceil(this.end / VIEW_ALIGN) * VIEW_ALIGN;
  }

  /** Elements that belong to views (excluding alignment padding). */
  get used(): number {
    let n = 0;
    for (const e of this.byName.values()) n += e.length;
    return n;
  }

  entries(): LayoutEntry[] {
    return [...this.byName.values()];
  }
}
