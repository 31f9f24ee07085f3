import code from '../../../../shaders/adamw.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const ADAMW_SOURCE: KernelSource = { name: 'adamw', code, reduce: true };
const WG = 256;
/** Most workgroups of the first norm stage: fixed per n, so the summation order (and result) is too. */
const MAX_PARTIALS = 256;

function check(op: string, views: [string, GpuView, number][]): void {
  for (const [name, v, n] of views) if (v.length < n) throw new RangeError(`${op}: ${name} has ${v.length} elements, needs ${n}`);
}

/**
 * out[0] = Σ grads[i]² over n entries: a two-stage tree reduction (G ≤ 256 workgroups, then one),
 * deterministic, staying on the GPU for `adamwUpdate` to read.
 */
export function gradNormSquared(rec: Recorder, out: GpuView, grads: GpuView, n: number): void {
  check('gradNormSquared', [['out', out, 1], ['grads', grads, n]]);
  const G = Math.max(1, Math.min(MAX_PARTIALS, Math.ceil(n / WG)));
  const partial = rec.temp(G, 'adamw-norm-partials');
  const p = params().u32(n).u32(G).done();
  rec.dispatch({ source: ADAMW_SOURCE, entryPoint: 'norm_partial', constants: { WG } }, [grads, partial], p, [G]);
  rec.dispatch({ source: ADAMW_SOURCE, entryPoint: 'norm_final', constants: { WG } }, [partial, out], p, [1]);
}

/**
 * One AdamW step over n entries of params, m, v (updated in place) with gradients grads. Same
 * arguments as the CPU `adamwUpdate`, except normSq is a 1-element view (from `gradNormSquared`), so
 * clipping needs no read-back. t (1-based step) stays on the CPU: the bias corrections are Params.
 */
export function adamwUpdate(
  rec: Recorder, params_: GpuView, grads: GpuView, m: GpuView, v: GpuView, n: number,
  lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, t: number, normSq: GpuView, maxNorm: number,
): void {
  if (!(Number.isInteger(t) && t >= 1)) throw new RangeError(`adamwUpdate: step t must be an integer ≥ 1, got ${t}`);
  check('adamwUpdate', [['params', params_, n], ['grads', grads, n], ['m', m, n], ['v', v, n], ['normSq', normSq, 1]]);
  const p = params()
    .u32(n).f32(lr).f32(beta1).f32(beta2).f32(1 - beta1).f32(1 - beta2).f32(eps).f32(weightDecay)
    .f32(1 - beta1 ** t).f32(1 - beta2 ** t).f32(maxNorm)
    .done();
  rec.dispatch({ source: ADAMW_SOURCE, entryPoint: 'update', constants: { WG } }, [grads, normSq, params_, m, v], p, grid(Math.ceil(n / WG)));
}
