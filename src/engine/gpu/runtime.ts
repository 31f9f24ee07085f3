import { BufferPool } from './buffer-pool';
import { GpuDeviceLostError, GpuValidationError } from './errors';
import { PipelineCache } from './pipeline-cache';
import { Profiler } from './profiler';
import { Recorder } from './recorder';
import { bindingOf, type GpuView } from './view';

/** What the adapter is and can do, as shown to the user and used to pick kernel variants. */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  features: string[];
  subgroups: boolean;
  subgroupMinSize: number;
  subgroupMaxSize: number;
  timestampQuery: boolean;
  shaderF16: boolean;
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxComputeInvocationsPerWorkgroup: number;
    maxComputeWorkgroupsPerDimension: number;
    maxStorageBuffersPerShaderStage: number;
  };
}

/** Counters that tests and benchmarks read: how much crossed the CPU↔GPU boundary. */
export interface RuntimeStats {
  dispatches: number;
  submits: number;
  readbacks: number;
  uploads: number;
}

// A function, not a constant: in Node the GPU* globals exist only once the `webgpu` package is loaded.
const tensorUsage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/**
 * One WebGPU device with its buffer pool, pipeline cache, counters and (optionally) profiler.
 * Kernels record into a `Recorder` (one command encoder per phase) and `submit` sends it.
 */
export class GpuRuntime {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  readonly stats: RuntimeStats = { dispatches: 0, submits: 0, readbacks: 0, uploads: 0 };
  profiler: Profiler | null = null;
  private lostError: GpuDeviceLostError | null = null;
  private destroyed = false;
  private readonly lostListeners = new Set<(e: GpuDeviceLostError) => void>();

  constructor(
    readonly device: GPUDevice,
    readonly report: AdapterReport,
    /** Whether kernels use the subgroup reduction path (the adapter has it and it was not turned off). */
    readonly useSubgroups: boolean,
    /**
     * The GPU object the device came from. Held only to keep it alive: in Node (Dawn) the device
     * hangs or crashes once its instance is garbage-collected.
     */
    readonly gpu?: GPU,
  ) {
    this.pool = new BufferPool(device);
    this.pipelines = new PipelineCache(device, useSubgroups);
    void device.lost.then((info) => {
      if (this.destroyed) return;
      this.lostError = new GpuDeviceLostError(info.reason ?? 'unknown', info.message);
      for (const l of this.lostListeners) l(this.lostError);
    });
  }

  /** Called once if the device is lost for any reason other than our own destroy(). */
  onLost(listener: (e: GpuDeviceLostError) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  get lost(): GpuDeviceLostError | null {
    return this.lostError;
  }

  assertAlive(): void {
    if (this.lostError) throw this.lostError;
    if (this.destroyed) throw new Error('this GPU runtime has been destroyed');
  }

  /** Turns per-kernel timestamp profiling on (where the adapter has timestamp-query). */
  enableProfiling(): boolean {
    if (!this.report.timestampQuery) return false;
    this.profiler ??= new Profiler(this.device);
    return true;
  }

  /** A new storage tensor of `length` 32-bit elements, from the pool. Free it with `free`. */
  tensor(length: number, label = 'tensor'): GpuView {
    const buffer = this.pool.acquire(Math.max(1, length) * 4, tensorUsage(), label);
    return { buffer, offset: 0, length };
  }

  free(view: GpuView): void {
    this.pool.release(view.buffer);
  }

  /** A tensor holding `data` (f32, or u32/i32 bit patterns). */
  tensorFrom(data: Float32Array | Uint32Array | Int32Array, label = 'tensor'): GpuView {
    const v = this.tensor(data.length, label);
    this.upload(v, data);
    return v;
  }

  upload(view: GpuView, data: Float32Array | Uint32Array | Int32Array): void {
    this.assertAlive();
    if (data.length > view.length) throw new RangeError(`upload of ${data.length} elements into a view of ${view.length}`);
    this.device.queue.writeBuffer(view.buffer, view.offset * 4, data.buffer, data.byteOffset, data.byteLength);
    this.stats.uploads += 1;
  }

  /** Starts recording one phase of work. */
  begin(label = 'phase'): Recorder {
    this.assertAlive();
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    return new Recorder(this, label);
  }

  /** Finishes and submits a recording; rejects with the first validation or memory error. */
  async submit(rec: Recorder): Promise<void> {
    this.assertAlive();
    const buffers = rec.finish();
    let profile: { resolve: GPUBuffer; staging: GPUBuffer; bytes: number } | null = null;
    if (this.profiler && this.profiler.pending > 0) {
      const bytes = this.profiler.pending * 16;
      const resolve = this.pool.acquire(bytes, GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC, 'timestamps');
      const staging = this.pool.acquire(bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'timestamps-read');
      this.profiler.resolve(rec.encoder, resolve);
      rec.encoder.copyBufferToBuffer(resolve, 0, staging, 0, bytes);
      profile = { resolve, staging, bytes };
    }
    rec.flushUniforms();
    this.device.queue.submit([rec.encoder.finish()]);
    this.stats.submits += 1;
    const validation = await this.device.popErrorScope();
    const memory = await this.device.popErrorScope();
    rec.releaseUniforms();
    for (const b of buffers) this.pool.release(b);
    if (validation) throw new GpuValidationError(rec.label, validation.message);
    if (memory) throw new GpuValidationError(rec.label, `out of GPU memory: ${memory.message}`);
    if (profile && this.profiler) {
      await profile.staging.mapAsync(GPUMapMode.READ);
      this.profiler.accumulate(new BigUint64Array(profile.staging.getMappedRange().slice(0)));
      profile.staging.unmap();
      this.pool.release(profile.resolve);
      this.pool.release(profile.staging);
    }
  }

  /** Records, submits and waits: the common case of a phase. */
  async run(label: string, record: (rec: Recorder) => void): Promise<void> {
    const rec = this.begin(label);
    record(rec);
    await this.submit(rec);
  }

  /** Copies several views back to the CPU in one submission (one read-back). */
  async readMany(views: GpuView[]): Promise<ArrayBuffer[]> {
    this.assertAlive();
    const total = views.reduce((n, v) => n + Math.ceil((v.length * 4) / 256) * 256, 0);
    const staging = this.pool.acquire(Math.max(256, total), GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, 'read-back');
    const encoder = this.device.createCommandEncoder({ label: 'read-back' });
    const starts: number[] = [];
    let at = 0;
    for (const v of views) {
      starts.push(at);
      if (v.length > 0) encoder.copyBufferToBuffer(v.buffer, v.offset * 4, staging, at, v.length * 4);
      at += Math.ceil((v.length * 4) / 256) * 256;
    }
    this.device.queue.submit([encoder.finish()]);
    this.stats.readbacks += 1;
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (e) {
      this.pool.release(staging);
      throw this.lostError ?? e;
    }
    const mapped = staging.getMappedRange();
    const out = views.map((v, i) => mapped.slice(starts[i], starts[i] + v.length * 4));
    staging.unmap();
    this.pool.release(staging);
    return out;
  }

  async read(view: GpuView): Promise<Float32Array> {
    const [bytes] = await this.readMany([view]);
    return new Float32Array(bytes);
  }

  async readU32(view: GpuView): Promise<Uint32Array> {
    const [bytes] = await this.readMany([view]);
    return new Uint32Array(bytes);
  }

  /** A bind group for `pipeline` with `bindings[i]` at binding i (undefined = not used by this entry point). */
  bindGroup(pipeline: GPUComputePipeline, bindings: (GpuView | GPUBufferBinding | undefined)[]): GPUBindGroup {
    const entries: GPUBindGroupEntry[] = [];
    bindings.forEach((b, i) => {
      if (!b) return;
      entries.push({ binding: i, resource: 'length' in b ? bindingOf(b) : b });
    });
    return this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.profiler?.destroy();
    this.pool.destroyAll();
    this.device.destroy();
  }
}
