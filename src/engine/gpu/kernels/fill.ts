import code from '../../../../shaders/fill.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import { subView, type GpuView } from '../view';

export const FILL_SOURCE: KernelSource = { name: 'fill', code };
const WG = 256;

/** out[0..n) = value (as float32). Zeroes gradients before a backward pass, which accumulates. */
export function fill(rec: Recorder, out: GpuView, value: number, n: number): void {
  if (out.length < n) throw new RangeError(`fill: out has ${out.length} elements, needs ${n}`);
  rec.dispatch({ source: FILL_SOURCE, entryPoint: 'main', constants: { WG } }, [out], params().u32(n).f32(value).done(), grid(Math.ceil(n / WG)));
}

/** Tensors one zeroMany dispatch zeroes (binding slots of shaders/fill.wgsl's zero_many). */
export const ZERO_SLOTS = 7;

/**
 * Zeroes every tensor of `ts`, up to seven per dispatch (shaders/fill.wgsl zero_many): the
 * gradient buffers a backward pass accumulates into, in ⌈n/7⌉ dispatches instead of n.
 */
export function zeroMany(rec: Recorder, ts: GpuView[]): void {
  // The same tensor twice would be two overlapping writable bindings, which WebGPU refuses (so are
  // a tensor and a view into it: callers zero one or the other).
  const unique = ts.filter((t, i) => ts.findIndex((u) => u.buffer === t.buffer && u.offset === t.offset) === i);
  for (let i = 0; i < unique.length; i += ZERO_SLOTS) {
    const group = unique.slice(i, i + ZERO_SLOTS);
    const p = params();
    for (let k = 0; k < ZERO_SLOTS; k++) p.u32(group[k]?.length ?? 0);
    const longest = Math.max(...group.map((t) => t.length));
    const spare = group.length < ZERO_SLOTS ? rec.temp(ZERO_SLOTS * 64, 'zero_many.unused') : null;
    const bindings = Array.from({ length: ZERO_SLOTS }, (_, k) => group[k] ?? subView(spare!, 64 * k, 64));
    rec.dispatch({ source: FILL_SOURCE, entryPoint: 'zero_many', constants: { WG } }, bindings, p.done(), grid(Math.ceil(longest / WG)));
  }
}
