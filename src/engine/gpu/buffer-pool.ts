/**
 * The only place in the project that calls `device.createBuffer`. Buffers are recycled by exact
 * (usage, size) so that a PPO iteration that runs the same shapes again allocates nothing new, and
 * the byte counters say what the engine holds on the GPU.
 */
export interface PoolStats {
  buffersCreated: number;
  bytesCreated: number;
  bytesInUse: number;
  bytesFree: number;
}

const SIZE_QUANTUM = 256;

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly all = new Set<GPUBuffer>();
  readonly stats: PoolStats = { buffersCreated: 0, bytesCreated: 0, bytesInUse: 0, bytesFree: 0 };

  constructor(private readonly device: GPUDevice) {}

  /** A buffer of at least `bytes` bytes (rounded up to 256) with exactly `usage`. */
  acquire(bytes: number, usage: GPUBufferUsageFlags, label = 'buffer'): GPUBuffer {
    const size = Math.max(SIZE_QUANTUM, Math.ceil(bytes / SIZE_QUANTUM) * SIZE_QUANTUM);
    const limit = this.device.limits.maxBufferSize;
    if (size > limit) {
      throw new RangeError(`${label}: ${size} bytes exceed this adapter's maxBufferSize of ${limit} bytes by ${size - limit}`);
    }
    const key = `${usage}:${size}`;
    const reused = this.free.get(key)?.pop();
    if (reused) {
      this.stats.bytesFree -= size;
      this.stats.bytesInUse += size;
      return reused;
    }
    const buffer = this.device.createBuffer({ size, usage, label });
    this.all.add(buffer);
    this.stats.buffersCreated += 1;
    this.stats.bytesCreated += size;
    this.stats.bytesInUse += size;
    return buffer;
  }

  /** Hands a buffer back for reuse. Its contents are not cleared. */
  release(buffer: GPUBuffer): void {
    if (!this.all.has(buffer)) throw new Error('release: this buffer does not belong to the pool');
    const key = `${buffer.usage}:${buffer.size}`;
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    if (list.includes(buffer)) throw new Error(`release: buffer "${buffer.label}" released twice`);
    list.push(buffer);
    this.stats.bytesInUse -= buffer.size;
    this.stats.bytesFree += buffer.size;
  }

  /** Destroys every buffer the pool ever created. */
  destroyAll(): void {
    for (const b of this.all) b.destroy();
    this.all.clear();
    this.free.clear();
    this.stats.bytesInUse = 0;
    this.stats.bytesFree = 0;
  }
}
