import code from '../../../../shaders/logprobs.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const LOGPROBS_SOURCE: KernelSource = { name: 'logprobs', code, reduce: true };
const WG = 64;

function check(name: string, views: [GpuView, number, string][], T: number, S: number, P: number, V: number, temperature: number): void {
  if (!(temperature > 0)) throw new RangeError(`${name}: temperature must be > 0, got ${temperature}`);
  if (P < 1) throw new RangeError(`${name}: P must be ≥ 1 (row t reads the logits of position P+t−1), got ${P}`);
  if (P + T > S) throw new RangeError(`${name}: P + T = ${P + T} exceeds S = ${S}`);
  if (V < 1) throw new RangeError(`${name}: V must be ≥ 1`);
  for (const [v, n, what] of views) if (v.length < n) throw new RangeError(`${name}: ${what} has ${v.length} elements, needs ${n}`);
}

function packParams(B: number, T: number, S: number, P: number, V: number, temperature: number): Uint8Array {
  return params().u32(B * T).u32(T).u32(S).u32(P).u32(V).f32(1 / temperature).done();
}

/**
 * logprobs (B,T), entropy (B,T) ← logits (B,S,V), seq u32/i32 (B,S): row (b,t) uses
 * logits[b, P+t−1] / temperature and token seq[b, P+t] (docs/conventions.md §3).
 */
export function logprobsForward(
  rec: Recorder,
  logprobs: GpuView,
  entropy: GpuView,
  logits: GpuView,
  seq: GpuView,
  B: number,
  T: number,
  S: number,
  P: number,
  V: number,
  temperature: number,
): void {
  check('logprobsForward', [[logprobs, B * T, 'logprobs'], [entropy, B * T, 'entropy'], [logits, B * S * V, 'logits'], [seq, B * S, 'seq']], T, S, P, V, temperature);
  rec.dispatch(
    { source: LOGPROBS_SOURCE, entryPoint: 'forward', constants: { WG } },
    [logits, seq, undefined, undefined, logprobs, entropy, undefined],
    packParams(B, T, S, P, V, temperature),
    grid(B * T),
  );
}

/**
 * dlogits (B,S,V) += ∂(Σ dlogprobs·logprob + Σ dentropy·entropy)/∂logits, only in the B·T rows the
 * forward read; rows with dlogprob = dentropy = 0 (masked) are skipped.
 */
export function logprobsBackward(
  rec: Recorder,
  dlogits: GpuView,
  dlogprobs: GpuView,
  dentropy: GpuView,
  logits: GpuView,
  seq: GpuView,
  B: number,
  T: number,
  S: number,
  P: number,
  V: number,
  temperature: number,
): void {
  check(
    'logprobsBackward',
    [[dlogits, B * S * V, 'dlogits'], [dlogprobs, B * T, 'dlogprobs'], [dentropy, B * T, 'dentropy'], [logits, B * S * V, 'logits'], [seq, B * S, 'seq']],
    T, S, P, V, temperature,
  );
  rec.dispatch(
    { source: LOGPROBS_SOURCE, entryPoint: 'backward', constants: { WG } },
    [logits, seq, dlogprobs, dentropy, undefined, undefined, dlogits],
    packParams(B, T, S, P, V, temperature),
    grid(B * T),
  );
}
