import type { GpuRuntime } from './runtime';
import type { KernelSource } from './shader-source';
import type { GpuView } from './view';

/** One kernel entry point with its override constants (part of the pipeline key). */
export interface KernelEntry {
  source: KernelSource;
  entryPoint: string;
  constants?: Record<string, number>;
}

const UNIFORM_SLOT = 256; // minUniformBufferOffsetAlignment
const UNIFORM_CHUNK = 64 * 1024; // maxUniformBufferBindingSize on every adapter

/**
 * Records one phase into a single command encoder. Consecutive dispatches share one compute pass
 * (WebGPU orders storage writes between dispatches); with the profiler on, each dispatch gets its
 * own pass so it can be timed. Each dispatch's `Params` lives in its own 256-byte slot of a pooled
 * uniform buffer, written once at submit, so a phase of hundreds of dispatches costs one upload.
 */
export class Recorder {
  readonly encoder: GPUCommandEncoder;
  private pass: GPUComputePassEncoder | null = null;
  private readonly chunks: { buffer: GPUBuffer; bytes: Uint8Array; used: number }[] = [];
  private readonly scratch: GPUBuffer[] = [];

  constructor(
    private readonly rt: GpuRuntime,
    readonly label: string,
  ) {
    this.encoder = rt.device.createCommandEncoder({ label });
  }

  /**
   * Dispatches `entry` with `bindings[i]` at binding i (inputs, then outputs, then Params last,
   * docs/conventions.md §4) and `params` (packed by ParamsWriter) at binding `bindings.length`.
   */
  dispatch(
    entry: KernelEntry,
    bindings: (GpuView | undefined)[],
    params: Uint8Array | undefined,
    workgroups: readonly [number, number?, number?],
  ): void {
    const [x, y = 1, z = 1] = workgroups;
    if (x === 0 || y === 0 || z === 0) return;
    const max = this.rt.report.limits.maxComputeWorkgroupsPerDimension;
    if (x > max || y > max || z > max) throw new RangeError(`${entry.source.name}.${entry.entryPoint}: ${x}×${y}×${z} workgroups exceed ${max} per dimension`);
    const pipeline = this.rt.pipelines.get(entry.source, entry.entryPoint, entry.constants);
    const all: (GpuView | GPUBufferBinding | undefined)[] = [...bindings];
    if (params) all[bindings.length] = this.uniform(params);
    const group = this.rt.bindGroup(pipeline, all);
    const label = `${entry.source.name}.${entry.entryPoint}`;
    const profiler = this.rt.profiler;
    const writes = profiler?.passWrites(label);
    if (writes) {
      this.endPass();
      const pass = this.encoder.beginComputePass({ label, timestampWrites: writes });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(x, y, z);
      pass.end();
    } else {
      this.pass ??= this.encoder.beginComputePass({ label: this.label });
      this.pass.setPipeline(pipeline);
      this.pass.setBindGroup(0, group);
      this.pass.dispatchWorkgroups(x, y, z);
    }
    this.rt.stats.dispatches += 1;
  }

  /** Copies `src` into `dst` (same length) between dispatches. */
  copy(src: GpuView, dst: GpuView): void {
    if (src.length !== dst.length) throw new RangeError(`copy of ${src.length} elements into ${dst.length}`);
    this.endPass();
    if (src.length > 0) this.encoder.copyBufferToBuffer(src.buffer, src.offset * 4, dst.buffer, dst.offset * 4, src.length * 4);
  }

  /** A temporary tensor that lives until this recording is submitted. */
  temp(length: number, label = 'temp'): GpuView {
    const v = this.rt.tensor(length, label);
    this.scratch.push(v.buffer);
    return v;
  }

  private uniform(bytes: Uint8Array): GPUBufferBinding {
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.used + UNIFORM_SLOT > UNIFORM_CHUNK) {
      const buffer = this.rt.pool.acquire(UNIFORM_CHUNK, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, 'params');
      chunk = { buffer, bytes: new Uint8Array(UNIFORM_CHUNK), used: 0 };
      this.chunks.push(chunk);
    }
    if (bytes.length > UNIFORM_SLOT) throw new RangeError(`Params of ${bytes.length} bytes exceed ${UNIFORM_SLOT}`);
    chunk.bytes.set(bytes, chunk.used);
    const binding = { buffer: chunk.buffer, offset: chunk.used, size: bytes.length };
    chunk.used += UNIFORM_SLOT;
    return binding;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  /** Ends the pass; returns the scratch buffers to release after submission. */
  finish(): GPUBuffer[] {
    this.endPass();
    return this.scratch;
  }

  /** Writes every Params slot; queue order puts these writes before the submitted commands. */
  flushUniforms(): void {
    for (const c of this.chunks) this.rt.device.queue.writeBuffer(c.buffer, 0, c.bytes.buffer, 0, c.used);
  }

  releaseUniforms(): void {
    for (const c of this.chunks) this.rt.pool.release(c.buffer);
    this.chunks.length = 0;
  }
}

/** Splits n workgroups into (x, y) under the per-dimension limit; kernels use wid.x + wid.y * nwg.x. */
export function grid(n: number, max = 65535): [number, number] {
  if (n <= max) return [n, 1];
  const y = Math.ceil(n / max);
  return [Math.ceil(n / y), y];
}
