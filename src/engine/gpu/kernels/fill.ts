import code from '../../../../shaders/fill.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const FILL_SOURCE: KernelSource = { name: 'fill', code };
const WG = 256;

/** out[0..n) = value (as float32). Zeroes gradients before a backward pass, which accumulates. */
export function fill(rec: Recorder, out: GpuView, value: number, n: number): void {
  if (out.length < n) throw new RangeError(`fill: out has ${out.length} elements, needs ${n}`);
  rec.dispatch({ source: FILL_SOURCE, entryPoint: 'main', constants: { WG } }, [out], params().u32(n).f32(value).done(), grid(Math.ceil(n / WG)));
}
