import code from '../../../../shaders/layernorm.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const LAYERNORM_SOURCE: KernelSource = { name: 'layernorm', code, reduce: true };
const WG = 64;
const EPS = 1e-5;

function check(op: string, views: [string, GpuView, number][]): void {
  for (const [name, v, n] of views) if (v.length < n) throw new RangeError(`${op}: ${name} has ${v.length} elements, needs ${n}`);
}

/** out (N,C) = layernorm(inp (N,C))·weight (C) + bias (C), eps 1e-5; writes mean (N) and rstd (N). */
export function layernormForward(
  rec: Recorder, out: GpuView, mean: GpuView, rstd: GpuView, inp: GpuView, weight: GpuView, bias: GpuView, N: number, C: number,
): void {
  check('layernormForward', [['out', out, N * C], ['mean', mean, N], ['rstd', rstd, N], ['inp', inp, N * C], ['weight', weight, C], ['bias', bias, C]]);
  rec.dispatch(
    { source: LAYERNORM_SOURCE, entryPoint: 'forward', constants: { WG } },
    [inp, weight, bias, out, mean, rstd],
    params().u32(N).u32(C).f32(EPS).done(),
    grid(N),
  );
}

/**
 * res (N,C) = a + b, then out = layernorm(res)·weight + bias with mean, rstd (the residual
 * connection and the layernorm after it): one dispatch, the same numbers as residualForward then
 * layernormForward.
 */
export function residualLayernormForward(
  rec: Recorder, res: GpuView, out: GpuView, mean: GpuView, rstd: GpuView, a: GpuView, b: GpuView, weight: GpuView, bias: GpuView, N: number, C: number,
): void {
  check('residualLayernormForward', [['res', res, N * C], ['out', out, N * C], ['mean', mean, N], ['rstd', rstd, N], ['a', a, N * C], ['b', b, N * C], ['weight', weight, C], ['bias', bias, C]]);
  rec.dispatch(
    { source: LAYERNORM_SOURCE, entryPoint: 'residual_forward', constants: { WG } },
    [a, b, weight, bias, res, out, mean, rstd],
    params().u32(N).u32(C).f32(EPS).done(),
    grid(N),
  );
}

/**
 * Accumulates dinp (N,C) (a workgroup per row) and dweight, dbias (C) (a workgroup per channel,
 * reducing over rows), in one dispatch; deterministic.
 */
export function layernormBackward(
  rec: Recorder, dinp: GpuView, dweight: GpuView, dbias: GpuView, dout: GpuView, inp: GpuView, weight: GpuView, mean: GpuView, rstd: GpuView, N: number, C: number,
): void {
  check('layernormBackward', [
    ['dinp', dinp, N * C], ['dweight', dweight, C], ['dbias', dbias, C], ['dout', dout, N * C],
    ['inp', inp, N * C], ['weight', weight, C], ['mean', mean, N], ['rstd', rstd, N],
  ]);
  rec.dispatch(
    { source: LAYERNORM_SOURCE, entryPoint: 'backward', constants: { WG } },
    [inp, dout, mean, rstd, weight, dinp, dweight, dbias],
    params().u32(N).u32(C).f32(EPS).done(),
    grid(N + C),
  );
}
