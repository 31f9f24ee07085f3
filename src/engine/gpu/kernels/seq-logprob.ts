import code from '../../../../shaders/seq_logprob.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const SEQ_LOGPROB_SOURCE: KernelSource = { name: 'seq_logprob', code };

/** out (B) = Σ_t m·x over each row of x (B, T) (shaders/seq_logprob.wgsl; CPU rl/seq-logprob.ts). */
export function seqLogprobForward(rec: Recorder, out: GpuView, x: GpuView, mask: GpuView, B: number, T: number): void {
  if (out.length < B || x.length < B * T || mask.length < B * T) throw new RangeError(`seqLogprobForward: views shorter than B = ${B}, B·T = ${B * T}`);
  rec.dispatch({ source: SEQ_LOGPROB_SOURCE, entryPoint: 'forward' }, [x, mask, out], params().u32(B).u32(T).done(), [Math.ceil(B / 64)]);
}

/** dx (B, T) += m·dout[b] (accumulates). */
export function seqLogprobBackward(rec: Recorder, dx: GpuView, dout: GpuView, mask: GpuView, B: number, T: number): void {
  if (dout.length < B || dx.length < B * T || mask.length < B * T) throw new RangeError(`seqLogprobBackward: views shorter than B = ${B}, B·T = ${B * T}`);
  rec.dispatch({ source: SEQ_LOGPROB_SOURCE, entryPoint: 'backward' }, [dout, mask, dx], params().u32(B).u32(T).done(), grid(Math.ceil((B * T) / 64)));
}
