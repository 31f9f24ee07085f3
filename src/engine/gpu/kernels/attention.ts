import code from '../../../../shaders/attention.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const ATTENTION_SOURCE: KernelSource = { name: 'attention', code };
const WG = 64;

function check(name: string, B: number, S: number, C: number, NH: number, views: [string, GpuView, number][]): number {
  for (const s of [B, S, C, NH]) {
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`${name}: sizes must be positive integers, got B=${B} S=${S} C=${C} NH=${NH}`);
  }
  if (C % NH !== 0) throw new RangeError(`${name}: C=${C} is not divisible by NH=${NH}`);
  for (const [what, v, n] of views) {
    if (v.length < n) throw new RangeError(`${name}: ${what} has ${v.length} elements, needs ${n}`);
  }
  return C / NH;
}

const paramsOf = (B: number, S: number, C: number, NH: number) =>
  params().u32(B).u32(S).u32(C).u32(NH).f32(1 / Math.sqrt(C / NH)).done();

/**
 * Causal self-attention: out (B, S, C), preatt and att (B, NH, S, S) from qkv (B, S, 3C), scale
 * 1/√hs. One dispatch (an invocation per (b, h, t) row).
 */
export function attentionForward(
  rec: Recorder,
  out: GpuView,
  preatt: GpuView,
  att: GpuView,
  qkv: GpuView,
  B: number,
  S: number,
  C: number,
  NH: number,
): void {
  check('attentionForward', B, S, C, NH, [['out', out, B * S * C], ['preatt', preatt, B * NH * S * S], ['att', att, B * NH * S * S], ['qkv', qkv, B * S * 3 * C]]);
  rec.dispatch(
    { source: ATTENTION_SOURCE, entryPoint: 'forward', constants: { WG } },
    [qkv, undefined, out, preatt, att, undefined, undefined, undefined], // Params at binding 8
    paramsOf(B, S, C, NH),
    grid(Math.ceil((B * NH * S) / WG)),
  );
}

/**
 * Accumulates dqkv (B, S, 3C), dpreatt and datt (B, NH, S, S) from dout (B, S, C) with llm.c
 * semantics (callers zero the gradients). Two dispatches: per-row datt + softmax backward, then
 * per-element dq / dk / dv gathers (which need every row's dpreatt).
 */
export function attentionBackward(
  rec: Recorder,
  dqkv: GpuView,
  dpreatt: GpuView,
  datt: GpuView,
  dout: GpuView,
  qkv: GpuView,
  att: GpuView,
  B: number,
  S: number,
  C: number,
  NH: number,
): void {
  check('attentionBackward', B, S, C, NH, [
    ['dqkv', dqkv, B * S * 3 * C], ['dpreatt', dpreatt, B * NH * S * S], ['datt', datt, B * NH * S * S],
    ['dout', dout, B * S * C], ['qkv', qkv, B * S * 3 * C], ['att', att, B * NH * S * S],
  ]);
  rec.dispatch(
    { source: ATTENTION_SOURCE, entryPoint: 'backward_scores', constants: { WG } },
    [qkv, dout, undefined, undefined, att, undefined, dpreatt, datt],
    paramsOf(B, S, C, NH),
    grid(Math.ceil((B * NH * S) / WG)),
  );
  rec.dispatch(
    { source: ATTENTION_SOURCE, entryPoint: 'backward_qkv', constants: { WG } },
    [qkv, dout, undefined, undefined, att, dqkv, dpreatt, undefined],
    paramsOf(B, S, C, NH),
    grid(Math.ceil((B * S * C) / WG)),
  );
}
