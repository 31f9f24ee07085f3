import code from '../../../../shaders/attention_decode.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const ATTENTION_DECODE_SOURCE: KernelSource = { name: 'attention_decode', code };
const WG = 64;

/**
 * One generation step: stores this step's k and v from qkv (B, 3C) at position `pos` of kcache /
 * vcache (B, NH, maxS, hs), then attends the step's q over positions 0..pos, writing out (B, C).
 * One dispatch (each (b, h) invocation appends its own head, then attends); `pos` travels in the
 * Params uniform, so the steps of a rollout record into one command encoder with no read-back.
 */
export function attentionDecode(
  rec: Recorder,
  out: GpuView,
  kcache: GpuView,
  vcache: GpuView,
  qkv: GpuView,
  B: number,
  C: number,
  NH: number,
  maxS: number,
  pos: number,
): void {
  for (const s of [B, C, NH, maxS]) {
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`attentionDecode: sizes must be positive integers, got B=${B} C=${C} NH=${NH} maxS=${maxS}`);
  }
  if (C % NH !== 0) throw new RangeError(`attentionDecode: C=${C} is not divisible by NH=${NH}`);
  if (!Number.isInteger(pos) || pos < 0 || pos >= maxS) throw new RangeError(`attentionDecode: pos=${pos} outside [0, ${maxS})`);
  for (const [what, v, n] of [['out', out, B * C], ['kcache', kcache, B * maxS * C], ['vcache', vcache, B * maxS * C], ['qkv', qkv, B * 3 * C]] as const) {
    if (v.length < n) throw new RangeError(`attentionDecode: ${what} has ${v.length} elements, needs ${n}`);
  }
  const p = params().u32(B).u32(C).u32(NH).u32(maxS).u32(pos).f32(1 / Math.sqrt(C / NH)).done();
  rec.dispatch({ source: ATTENTION_DECODE_SOURCE, entryPoint: 'step', constants: { WG } }, [qkv, kcache, vcache, out], p, grid(Math.ceil((B * NH) / WG)));
}
