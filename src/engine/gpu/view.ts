/**
 * A window of 32-bit elements (f32 or u32) into a GPU buffer. Offsets and lengths count elements,
 * not bytes. Views that are bound must start on the adapter's storage-offset alignment (256 bytes
 * = 64 elements), which the flat layouts in engine/tensor guarantee.
 */
export interface GpuView {
  readonly buffer: GPUBuffer;
  /** First element (f32/u32 index) of the view inside `buffer`. */
  readonly offset: number;
  /** Number of 32-bit elements. */
  readonly length: number;
}

/** Bytes between two bindable view starts; WebGPU's default minStorageBufferOffsetAlignment. */
export const BIND_ALIGN_BYTES = 256;

/** A sub-view; `offset` is relative to `view`. */
export function subView(view: GpuView, offset: number, length: number): GpuView {
  if (offset < 0 || length < 0 || offset + length > view.length) {
    throw new RangeError(`subView [${offset}, ${offset + length}) outside a view of ${view.length} elements`);
  }
  return { buffer: view.buffer, offset: view.offset + offset, length };
}

/** The bind-group resource for a view. Zero-length views bind 4 bytes (WebGPU forbids empty bindings). */
export function bindingOf(view: GpuView): GPUBufferBinding {
  const offsetBytes = view.offset * 4;
  if (offsetBytes % BIND_ALIGN_BYTES !== 0) {
    throw new RangeError(`a bound view must start on ${BIND_ALIGN_BYTES} bytes; this one starts at byte ${offsetBytes}`);
  }
  return { buffer: view.buffer, offset: offsetBytes, size: Math.max(4, view.length * 4) };
}
