import code from '../../../../shaders/matmul.wgsl?raw';
import backwardCode from '../../../../shaders/matmul_backward.wgsl?raw';
import geluMath from '../../../../shaders/lib/gelu_math.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import { subView, type GpuView } from '../view';

export const MATMUL_SOURCE: KernelSource = { name: 'matmul', code, libs: [geluMath] };
/** The backward products in one dispatch; `reduce` for its dbias role (wg_sum). */
export const MATMUL_BACKWARD_SOURCE: KernelSource = { name: 'matmul_backward', code: backwardCode, reduce: true, libs: [geluMath] };

/** Block of c computed by one workgroup (BM × BN in shaders/matmul.wgsl and matmul_backward.wgsl). */
const BM = 32, BN = 32;
/** Invocations per workgroup of the backward kernel (its dbias role reduces over all of them). */
const WG = 64;

/** Dispatches c (M, N) [+]= op(A) (M, K) · op(B) (K, N) [+ bias]; see shaders/matmul.wgsl. */
function gemm(
  rec: Recorder,
  c: GpuView,
  a: GpuView,
  b: GpuView,
  bias: GpuView | null,
  M: number,
  N: number,
  K: number,
  flags: { transA: boolean; transB: boolean; accum: boolean },
): void {
  rec.dispatch(
    {
      source: MATMUL_SOURCE,
      entryPoint: bias ? 'gemm_bias' : 'gemm',
      constants: { TRANS_A: flags.transA ? 1 : 0, TRANS_B: flags.transB ? 1 : 0, ACCUM: flags.accum ? 1 : 0 },
    },
    [a, b, bias ?? undefined, c],
    params().u32(M).u32(N).u32(K).done(),
    [Math.ceil(N / BN), Math.ceil(M / BM)],
  );
}

function checkSizes(name: string, N: number, C: number, OC: number, views: [string, GpuView | null | undefined, number][]): void {
  for (const s of [N, C, OC]) {
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`${name}: sizes must be positive integers, got N=${N} C=${C} OC=${OC}`);
  }
  for (const [what, v, n] of views) {
    if (v && v.length < n) throw new RangeError(`${name}: ${what} has ${v.length} elements, needs ${n}`);
  }
}

/** out (N, OC) = inp (N, C) · weight (OC, C)ᵀ + bias (OC); bias may be null (no bias). */
export function matmulForward(
  rec: Recorder,
  out: GpuView,
  inp: GpuView,
  weight: GpuView,
  bias: GpuView | null | undefined,
  N: number,
  C: number,
  OC: number,
): void {
  checkSizes('matmulForward', N, C, OC, [['out', out, N * OC], ['inp', inp, N * C], ['weight', weight, OC * C], ['bias', bias, OC]]);
  gemm(rec, out, inp, weight, bias ?? null, N, OC, C, { transA: false, transB: true, accum: false });
}

/**
 * out (N, OC) = inp · weightᵀ + bias and outGelu = gelu(out) (the MLP's first layer and its
 * activation) in one dispatch; the same numbers as matmulForward then geluForward.
 */
export function matmulGeluForward(
  rec: Recorder, out: GpuView, outGelu: GpuView, inp: GpuView, weight: GpuView, bias: GpuView, N: number, C: number, OC: number,
): void {
  checkSizes('matmulGeluForward', N, C, OC, [['out', out, N * OC], ['outGelu', outGelu, N * OC], ['inp', inp, N * C], ['weight', weight, OC * C], ['bias', bias, OC]]);
  rec.dispatch(
    { source: MATMUL_SOURCE, entryPoint: 'gemm_bias_gelu', constants: { TRANS_A: 0, TRANS_B: 1, ACCUM: 0 } },
    [inp, weight, bias, out, outGelu],
    params().u32(N).u32(OC).u32(C).done(),
    [Math.ceil(OC / BN), Math.ceil(N / BM)],
  );
}

/** The fused backward (shaders/matmul_backward.wgsl): one dispatch for dinp, dweight, dbias and optionally GELU's derivative. */
function backward(
  rec: Recorder, dinp: GpuView, dweight: GpuView, dbias: GpuView | null, dout: GpuView, inp: GpuView, weight: GpuView,
  gelu: { pre: GpuView; dpre: GpuView } | null, N: number, C: number, OC: number,
): void {
  const tx = Math.ceil(C / BN);
  const tilesDinp = tx * Math.ceil(N / BM), tilesDw = tx * Math.ceil(OC / BM);
  // Bindings of roles not used: distinct pieces of scratch tensors (WebGPU refuses overlapping
  // writable bindings, and a buffer bound both read-only and writable).
  const spare = !dbias || !gelu ? rec.temp(2 * 64, 'matmul_backward.unused') : null;
  const piece = (i: number) => subView(spare!, 64 * i, 64);
  rec.dispatch(
    { source: MATMUL_BACKWARD_SOURCE, entryPoint: 'backward', constants: { HAS_BIAS: dbias ? 1 : 0, GELU: gelu ? 1 : 0, WG } },
    [dout, weight, inp, gelu?.pre ?? rec.temp(64, 'matmul_backward.unused_in'), dinp, dweight, dbias ?? piece(0), gelu?.dpre ?? piece(1)],
    params().u32(N).u32(C).u32(OC).u32(tx).u32(tilesDinp).u32(tx).u32(tilesDw).done(),
    grid(tilesDinp + tilesDw + (dbias ? OC : 0)),
  );
}

/**
 * Accumulates dinp (N, C) += dout · weight, dweight (OC, C) += doutᵀ · inp and, when dbias is
 * given, dbias (OC) += Σ_n dout[n, ·]: one dispatch (shaders/matmul_backward.wgsl).
 */
export function matmulBackward(
  rec: Recorder,
  dinp: GpuView,
  dweight: GpuView,
  dbias: GpuView | null | undefined,
  dout: GpuView,
  inp: GpuView,
  weight: GpuView,
  N: number,
  C: number,
  OC: number,
): void {
  checkSizes('matmulBackward', N, C, OC, [
    ['dinp', dinp, N * C], ['dweight', dweight, OC * C], ['dbias', dbias, OC],
    ['dout', dout, N * OC], ['inp', inp, N * C], ['weight', weight, OC * C],
  ]);
  backward(rec, dinp, dweight, dbias ?? null, dout, inp, weight, null, N, C, OC);
}

/**
 * The backward of a layer whose input was inp = gelu(pre) (the MLP's second layer): matmulBackward,
 * then dpre (N, C) += gelu'(pre) · dinp on the accumulated dinp — one dispatch, the same numbers
 * as matmulBackward then geluBackward.
 */
export function matmulGeluBackward(
  rec: Recorder, dinp: GpuView, dpre: GpuView, dweight: GpuView, dbias: GpuView | null | undefined, dout: GpuView, inp: GpuView, weight: GpuView, pre: GpuView,
  N: number, C: number, OC: number,
): void {
  checkSizes('matmulGeluBackward', N, C, OC, [
    ['dinp', dinp, N * C], ['dpre', dpre, N * C], ['dweight', dweight, OC * C], ['dbias', dbias, OC],
    ['dout', dout, N * OC], ['inp', inp, N * C], ['weight', weight, OC * C], ['pre', pre, N * C],
  ]);
  backward(rec, dinp, dweight, dbias ?? null, dout, inp, weight, { pre, dpre }, N, C, OC);
}
