import code from '../../../../shaders/sample.wgsl?raw';
import philox from '../../../../shaders/lib/philox.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const SAMPLE_SOURCE: KernelSource = { name: 'sample', code, reduce: true, libs: [philox] };

export interface DrawSettings {
  temperature: number;
  seed: number;
  stream: number;
  /** Distinguishes rollouts of one run (Philox counter word 2). */
  iteration: number;
  eos: number;
  pad: number;
}

/** seq[b, pos+1] ← a draw from softmax(logits[b] / T) (see shaders/sample.wgsl). */
export function sampleNext(rec: Recorder, seq: GpuView, logits: GpuView, B: number, S: number, V: number, pos: number, P: number, d: DrawSettings): void {
  if (!(d.temperature > 0)) throw new RangeError(`temperature must be > 0, got ${d.temperature}`);
  rec.dispatch(
    { source: SAMPLE_SOURCE, entryPoint: 'main', constants: { WG: 64 } },
    [logits, seq],
    params().u32(B).u32(S).u32(V).u32(pos).u32(P).f32(1 / d.temperature).u32(d.seed >>> 0).u32(d.stream >>> 0).u32(d.iteration >>> 0).u32(d.eos).u32(d.pad).done(),
    grid(B),
  );
}
