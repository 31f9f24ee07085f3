import code from '../../../../shaders/whiten.wgsl?raw';
import { params } from '../params';
import type { Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const WHITEN_SOURCE: KernelSource = { name: 'whiten', code, reduce: true };
const WG = 256;

/**
 * out (n) = masked whitening of x (n) over all n (mean / biased variance where mask ≠ 0, ε = 1e-8);
 * shiftMean = false adds the mean back (TRL masked_whiten). Masked positions and all-masked input
 * give 0. One workgroup: meant for a minibatch of advantages (n up to ~1e5).
 */
export function whitenMasked(rec: Recorder, out: GpuView, x: GpuView, mask: GpuView, n: number, shiftMean = true): void {
  if (out.length < n || x.length < n || mask.length < n) throw new RangeError(`whitenMasked: views shorter than n = ${n}`);
  if (out.buffer === x.buffer && out.offset === x.offset) {
    // In place would be safe for the elementwise last pass, but the binding rules forbid binding one
    // buffer range as both read and read_write storage in a dispatch.
    throw new RangeError('whitenMasked: out must not alias x (WebGPU forbids read + read_write bindings of one range)');
  }
  rec.dispatch(
    { source: WHITEN_SOURCE, entryPoint: 'main', constants: { WG } },
    [x, mask, out],
    params().u32(n).u32(shiftMean ? 1 : 0).done(),
    [1],
  );
}
