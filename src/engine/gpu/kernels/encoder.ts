import code from '../../../../shaders/encoder.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const ENCODER_SOURCE: KernelSource = { name: 'encoder', code };
const WG = 256;

function check(op: string, views: [string, GpuView, number][]): void {
  for (const [name, v, n] of views) if (v.length < n) throw new RangeError(`${op}: ${name} has ${v.length} elements, needs ${n}`);
}

/**
 * out (B,S,C) = wte[tokens] (V,C) + wpe[s] (maxS,C); tokens is an i32 view (B,S). V = wte.length / C.
 * Token ids outside [0, V) are skipped (position embedding only), as in the CPU reference.
 */
export function encoderForward(rec: Recorder, out: GpuView, tokens: GpuView, wte: GpuView, wpe: GpuView, B: number, S: number, C: number): void {
  const V = Math.floor(wte.length / C);
  check('encoderForward', [['out', out, B * S * C], ['tokens', tokens, B * S], ['wpe', wpe, S * C]]);
  rec.dispatch(
    { source: ENCODER_SOURCE, entryPoint: 'forward', constants: { WG } },
    [tokens, wte, wpe, out],
    params().u32(B).u32(S).u32(C).u32(V).done(),
    grid(Math.ceil((B * S * C) / WG)),
  );
}

/**
 * dwte (V,C) += per-token sums of dout (B,S,C); dwpe (maxS,C) += batch sums. One dispatch, no
 * atomics; the dwte part costs V·C·B·S compare-and-adds (see shaders/encoder.wgsl).
 */
export function encoderBackward(rec: Recorder, dwte: GpuView, dwpe: GpuView, dout: GpuView, tokens: GpuView, B: number, S: number, C: number): void {
  const V = Math.floor(dwte.length / C);
  check('encoderBackward', [['dout', dout, B * S * C], ['tokens', tokens, B * S], ['dwpe', dwpe, S * C]]);
  rec.dispatch(
    { source: ENCODER_SOURCE, entryPoint: 'backward', constants: { WG } },
    [tokens, dout, dwte, dwpe],
    params().u32(B).u32(S).u32(C).u32(V).done(),
    grid(Math.ceil(((V + S) * C) / WG)),
  );
}
