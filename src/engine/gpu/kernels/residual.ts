import code from '../../../../shaders/residual.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const RESIDUAL_SOURCE: KernelSource = { name: 'residual', code };
const WG = 256;

function check(op: string, views: [string, GpuView, number][]): void {
  for (const [name, v, n] of views) if (v.length < n) throw new RangeError(`${op}: ${name} has ${v.length} elements, needs ${n}`);
}

/** out = a + b over n elements. */
export function residualForward(rec: Recorder, out: GpuView, a: GpuView, b: GpuView, n: number): void {
  check('residualForward', [['out', out, n], ['a', a, n], ['b', b, n]]);
  rec.dispatch({ source: RESIDUAL_SOURCE, entryPoint: 'forward', constants: { WG } }, [a, b, out], params().u32(n).done(), grid(Math.ceil(n / WG)));
}

/** da += dout, db += dout over n elements. da and db must be different buffers (or disjoint ranges). */
export function residualBackward(rec: Recorder, da: GpuView, db: GpuView, dout: GpuView, n: number): void {
  check('residualBackward', [['da', da, n], ['db', db, n], ['dout', dout, n]]);
  rec.dispatch({ source: RESIDUAL_SOURCE, entryPoint: 'backward', constants: { WG } }, [dout, da, db], params().u32(n).done(), grid(Math.ceil(n / WG)));
}
