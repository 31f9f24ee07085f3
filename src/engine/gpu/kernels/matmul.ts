import code from '../../../../shaders/matmul.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

// `reduce: true` for the bias_grad entry point (wg_sum); the tiled GEMM entry points ignore the
// reduction library.
export const MATMUL_SOURCE: KernelSource = { name: 'matmul', code, reduce: true };

/** Block of c computed by one workgroup (BM × BN in shaders/matmul.wgsl). */
const BM = 32, BN = 32;
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
 * Accumulates dinp (N, C) += dout · weight, dweight (OC, C) += doutᵀ · inp and, when dbias is
 * given, dbias (OC) += Σ_n dout[n, ·]. Three dispatches (two tiled GEMMs and a reduction).
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
  // dinp (N, C) += dout (N, OC) · W (OC, C): both as stored.
  gemm(rec, dinp, dout, weight, null, N, C, OC, { transA: false, transB: false, accum: true });
  // dW (OC, C) += doutᵀ · inp: dout is stored (N, OC) = (K, M), so read transposed.
  gemm(rec, dweight, dout, inp, null, OC, C, N, { transA: true, transB: false, accum: true });
  if (dbias) {
    rec.dispatch(
      { source: MATMUL_SOURCE, entryPoint: 'bias_grad', constants: { WG } },
      [dout, undefined, undefined, dbias],
      params().u32(N).u32(OC).u32(0).done(),
      grid(OC),
    );
  }
}
