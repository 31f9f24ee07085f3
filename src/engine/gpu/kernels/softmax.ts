import code from '../../../../shaders/softmax.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const SOFTMAX_SOURCE: KernelSource = { name: 'softmax', code, reduce: true };
const WG = 64;

/** out (R, V) = softmax(logits / temperature) per row, or log-softmax with `log: true`. */
export function softmaxForward(
  rec: Recorder,
  out: GpuView,
  logits: GpuView,
  rows: number,
  V: number,
  temperature: number,
  log = false,
): void {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  if (logits.length < rows * V || out.length < rows * V) throw new RangeError(`softmax: views shorter than rows×V = ${rows * V}`);
  rec.dispatch(
    { source: SOFTMAX_SOURCE, entryPoint: 'main', constants: { WG, LOG_OUTPUT: log ? 1 : 0 } },
    [logits, out],
    params().u32(rows).u32(V).f32(1 / temperature).done(),
    grid(rows),
  );
}
