import code from '../../../../shaders/decode_embed.wgsl?raw';
import { params } from '../params';
import type { Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const DECODE_EMBED_SOURCE: KernelSource = { name: 'decode_embed', code };

/** out (B,C) = wte[seq[b, pos]] + wpe[pos]. */
export function decodeEmbed(rec: Recorder, out: GpuView, seq: GpuView, wte: GpuView, wpe: GpuView, B: number, S: number, C: number, V: number, pos: number): void {
  rec.dispatch({ source: DECODE_EMBED_SOURCE, entryPoint: 'main' }, [seq, wte, wpe, out], params().u32(B).u32(S).u32(C).u32(V).u32(pos).done(), [Math.ceil((B * C) / 64)]);
}
