import code from '../../../../shaders/crossentropy.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const CROSSENTROPY_SOURCE: KernelSource = { name: 'crossentropy', code, reduce: true };
const WG_ROW = 64; // forward: threads per row (reduction)
const WG_ELEM = 256; // backward: one invocation per logit

function check(op: string, views: [string, GpuView, number][]): void {
  for (const [name, v, n] of views) if (v.length < n) throw new RangeError(`${op}: ${name} has ${v.length} elements, needs ${n}`);
}

/**
 * losses (N) = −log softmax(logits (N,V))[targets (N, i32)]; probs (N,V) = softmax(logits).
 * A target outside [0, V) (−1 = ignored) gives loss 0.
 */
export function crossentropyForward(rec: Recorder, losses: GpuView, probs: GpuView, logits: GpuView, targets: GpuView, N: number, V: number): void {
  check('crossentropyForward', [['losses', losses, N], ['probs', probs, N * V], ['logits', logits, N * V], ['targets', targets, N]]);
  rec.dispatch(
    { source: CROSSENTROPY_SOURCE, entryPoint: 'forward', constants: { WG: WG_ROW } },
    [logits, targets, losses, probs],
    params().u32(N).u32(V).done(),
    grid(N),
  );
}

/** dlogits (N,V) += dlosses (N) · (probs − onehot(targets)); ignored rows get no gradient. */
export function crossentropyBackward(rec: Recorder, dlogits: GpuView, dlosses: GpuView, probs: GpuView, targets: GpuView, N: number, V: number): void {
  check('crossentropyBackward', [['dlogits', dlogits, N * V], ['dlosses', dlosses, N], ['probs', probs, N * V], ['targets', targets, N]]);
  rec.dispatch(
    { source: CROSSENTROPY_SOURCE, entryPoint: 'backward', constants: { WG: WG_ELEM } },
    [probs, targets, dlosses, dlogits],
    params().u32(N).u32(V).done(),
    grid(Math.ceil((N * V) / WG_ELEM)),
  );
}
