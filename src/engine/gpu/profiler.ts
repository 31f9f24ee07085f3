/**
 * Per-kernel GPU time from timestamp queries. When on, the recorder gives each dispatch its own
 * compute pass with `timestampWrites`; `collect()` resolves and reads the stamps. Where the adapter
 * has no timestamp-query the profiler is simply absent and callers fall back to wall time.
 */
export interface KernelTiming {
  label: string;
  calls: number;
  totalMs: number;
}

export class Profiler {
  private querySet: GPUQuerySet;
  private labels: string[] = [];
  private readonly capacity: number;
  private readonly totals = new Map<string, KernelTiming>();

  constructor(device: GPUDevice, capacityPairs = 2048) {
    this.capacity = capacityPairs;
    this.querySet = device.createQuerySet({ type: 'timestamp', count: capacityPairs * 2, label: 'profiler' });
  }

  /** Timestamp writes for the pass of one dispatch, or undefined when the query set is full. */
  passWrites(label: string): GPUComputePassTimestampWrites | undefined {
    if (this.labels.length >= this.capacity) return undefined;
    const i = this.labels.length;
    this.labels.push(label);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 };
  }

  /** Resolves the stamps written since the last collect into `resolveBuffer` (QUERY_RESOLVE | COPY_SRC). */
  resolve(encoder: GPUCommandEncoder, resolveBuffer: GPUBuffer): number {
    const n = this.labels.length * 2;
    if (n > 0) encoder.resolveQuerySet(this.querySet, 0, n, resolveBuffer, 0);
    return n;
  }

  /** Adds the stamps (as read back) to the per-label totals and starts a new frame. */
  accumulate(stamps: BigUint64Array): void {
    this.labels.forEach((label, i) => {
      const ns = Number(stamps[2 * i + 1] - stamps[2 * i]);
      const t = this.totals.get(label) ?? { label, calls: 0, totalMs: 0 };
      t.calls += 1;
      t.totalMs += Math.max(0, ns) / 1e6;
      this.totals.set(label, t);
    });
    this.labels = [];
  }

  get pending(): number {
    return this.labels.length;
  }

  report(): KernelTiming[] {
    return [...this.totals.values()].sort((a, b) => b.totalMs - a.totalMs);
  }

  reset(): void {
    this.totals.clear();
    this.labels = [];
  }

  destroy(): void {
    this.querySet.destroy();
  }
}
