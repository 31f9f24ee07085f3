/**
 * The CPU engine's tensors in WebAssembly memory, so the wasm kernels read and write them in place.
 * A tensor is a Float32Array (or Int32Array) *view* of the memory, exactly as the TypeScript
 * engine's tensors are arrays of their own: the model and the RL code do not change.
 *
 * Growth. An ordinary memory that grows detaches every view taken before; a shared memory does
 * not (its buffer never moves — the views keep their length and stay valid). So the arena uses a
 * shared memory where the platform gives one (Node; Chromium even without cross-origin isolation)
 * and lets it grow. Where it does not, it takes one fixed block up front (`fixedBytes`) and never
 * grows it; a tensor that no longer fits is then an ordinary array outside the arena, and the ops
 * that touch it run the TypeScript reference instead (correct, slower; `overflowed` says so).
 *
 * Allocation: first fit over a free list (coalesced on release), 64-byte aligned, zero-filled.
 * A released tensor's memory is reused: release only what nothing reads any more (as on the GPU).
 */

const PAGE = 65536;
const ALIGN = 64;
/** 1 GiB: the shared memory's reserved maximum (address space only; pages are committed as it grows). */
const SHARED_MAX_PAGES = 16384;

export interface ArenaOptions {
  /** Prefer a shared memory (default true). */
  shared?: boolean;
  /** Size of the fixed block when the memory cannot be shared (default 256 MiB). */
  fixedBytes?: number;
}

type View = Float32Array | Int32Array;

export class WasmArena {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  /** Every buffer object the memory has handed out (a shared memory gives a new one after each growth). */
  private readonly buffers = new Set<ArrayBufferLike>();
  /** Byte address and size of each live allocation, by the view handed out. */
  private readonly owned = new Map<View, { ptr: number; bytes: number }>();
  /** Free blocks [ptr, bytes], sorted by address; the space above `top` is free too. */
  private free: [number, number][] = [];
  private top: number;
  private scratchBlock: { ptr: number; bytes: number } | null = null;
  /** Tensors that did not fit (fixed memory full): the ops touching them fall back to TypeScript. */
  overflowed = 0;

  constructor(o: ArenaOptions = {}) {
    const wantShared = o.shared ?? true;
    let memory: WebAssembly.Memory | null = null;
    if (wantShared) {
      try {
        memory = new WebAssembly.Memory({ initial: 16, maximum: SHARED_MAX_PAGES, shared: true });
      } catch {
        memory = null; // no shared memory here (e.g. a browser that requires cross-origin isolation for it)
      }
    }
    this.shared = memory !== null;
    if (!memory) {
      const pages = Math.ceil((o.fixedBytes ?? 256 * 1024 * 1024) / PAGE);
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    }
    this.memory = memory;
    this.buffers.add(memory.buffer);
    this.top = PAGE; // until reserveBelow: the kernels' static data sits in the first kilobytes
  }

  /** Keeps [0, bytes) for the kernels' own static data (their module's heapBase); call before allocating. */
  reserveBelow(bytes: number): void {
    if (this.owned.size) throw new Error('WasmArena.reserveBelow after the first allocation');
    this.top = roundUp(bytes);
  }

  /** Bytes in use by live tensors (not counting free blocks). */
  get usedBytes(): number {
    let s = 0;
    for (const a of this.owned.values()) s += a.bytes;
    return s;
  }

  /** Whether the kernels can address this view (it lies in this arena's memory). */
  holds(t: ArrayBufferView): boolean {
    return this.buffers.has(t.buffer);
  }

  floats(n: number): Float32Array {
    const ptr = this.alloc(n * 4);
    if (ptr < 0) return this.outside(new Float32Array(n));
    const t = new Float32Array(this.buffer(), ptr, n);
    this.owned.set(t, { ptr, bytes: roundUp(n * 4) });
    return t;
  }

  ints(n: number): Int32Array {
    const ptr = this.alloc(n * 4);
    if (ptr < 0) return this.outside(new Int32Array(n));
    const t = new Int32Array(this.buffer(), ptr, n);
    this.owned.set(t, { ptr, bytes: roundUp(n * 4) });
    return t;
  }

  /** Returns a tensor's block to the free list; views of it (and foreign arrays) are ignored. */
  release(t: View): void {
    const a = this.owned.get(t);
    if (!a) return;
    this.owned.delete(t);
    this.freeBlock(a.ptr, a.bytes);
  }

  /**
   * A byte address with at least `bytes` of scratch space, reused between calls (kernels' temporary
   * buffers). −1 if it cannot be had (fixed memory full).
   */
  scratch(bytes: number): number {
    if (this.scratchBlock && this.scratchBlock.bytes >= bytes) return this.scratchBlock.ptr;
    if (this.scratchBlock) this.freeBlock(this.scratchBlock.ptr, this.scratchBlock.bytes);
    this.scratchBlock = null;
    const want = roundUp(Math.max(bytes, 4096));
    const ptr = this.alloc(want);
    if (ptr < 0) return -1;
    this.scratchBlock = { ptr, bytes: want };
    return ptr;
  }

  private outside<T extends View>(t: T): T {
    this.overflowed += 1;
    return t;
  }

  private buffer(): ArrayBufferLike {
    const b = this.memory.buffer;
    this.buffers.add(b);
    return b;
  }

  /** A zeroed, aligned block of `bytes` bytes; −1 when the memory cannot hold it. */
  private alloc(bytes: number): number {
    const size = roundUp(Math.max(bytes, 1));
    for (let i = 0; i < this.free.length; i++) {
      const [ptr, len] = this.free[i];
      if (len < size) continue;
      if (len === size) this.free.splice(i, 1);
      else this.free[i] = [ptr + size, len - size];
      new Uint8Array(this.buffer(), ptr, size).fill(0); // recycled: zero it, as a new array would be
      return ptr;
    }
    const end = this.top + size;
    if (end > this.memory.buffer.byteLength) {
      if (!this.shared) return -1;
      const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      // Grow by at least a quarter of the current size: fewer, larger steps.
      const step = Math.max(pages, Math.ceil(this.memory.buffer.byteLength / PAGE / 4));
      try {
        this.memory.grow(Math.min(step, SHARED_MAX_PAGES - this.memory.buffer.byteLength / PAGE));
      } catch {
        return -1;
      }
      if (end > this.memory.buffer.byteLength) return -1;
    }
    const ptr = this.top;
    this.top = end;
    new Uint8Array(this.buffer(), ptr, size).fill(0); // may have been used before `top` came down
    return ptr;
  }

  private freeBlock(ptr: number, bytes: number): void {
    // Insert in address order, then merge with the neighbours; a block ending at `top` lowers it.
    let i = 0;
    while (i < this.free.length && this.free[i][0] < ptr) i++;
    this.free.splice(i, 0, [ptr, bytes]);
    if (i + 1 < this.free.length && this.free[i][0] + this.free[i][1] === this.free[i + 1][0]) {
      this.free[i][1] += this.free[i + 1][1];
      this.free.splice(i + 1, 1);
    }
    if (i > 0 && this.free[i - 1][0] + this.free[i - 1][1] === this.free[i][0]) {
      this.free[i - 1][1] += this.free[i][1];
      this.free.splice(i, 1);
      i -= 1;
    }
    const last = this.free[this.free.length - 1];
    if (last && last[0] + last[1] === this.top) {
      this.top = last[0];
      this.free.pop();
    }
  }
}

function roundUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
