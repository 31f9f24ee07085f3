import code from '../../../../shaders/gelu.wgsl?raw';
import geluMath from '../../../../shaders/lib/gelu_math.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const GELU_SOURCE: KernelSource = { name: 'gelu', code, libs: [geluMath] };
const WG = 256;

function check(op: string, views: [string, GpuView, number][]): void {
  for (const [name, v, n] of views) if (v.length < n) throw new RangeError(`${op}: ${name} has ${v.length} elements, needs ${n}`);
}

/** out = gelu(inp) over n elements (tanh approximation, GPT-2). */
export function geluForward(rec: Recorder, out: GpuView, inp: GpuView, n: number): void {
  check('geluForward', [['out', out, n], ['inp', inp, n]]);
  rec.dispatch({ source: GELU_SOURCE, entryPoint: 'forward', constants: { WG } }, [inp, out], params().u32(n).done(), grid(Math.ceil(n / WG)));
}

/** dinp += dout · gelu'(inp) over n elements. */
export function geluBackward(rec: Recorder, dinp: GpuView, inp: GpuView, dout: GpuView, n: number): void {
  check('geluBackward', [['dinp', dinp, n], ['inp', inp, n], ['dout', dout, n]]);
  rec.dispatch({ source: GELU_SOURCE, entryPoint: 'backward', constants: { WG } }, [inp, dout, dinp], params().u32(n).done(), grid(Math.ceil(n / WG)));
}
