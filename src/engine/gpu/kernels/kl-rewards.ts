import code from '../../../../shaders/kl_rewards.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const KL_REWARDS_SOURCE: KernelSource = { name: 'kl_rewards', code };
const WG = 64;

/** Schulman (2020) KL estimators; the same names as the CPU reference in engine/rl/kl-rewards. */
export type KlEstimator = 'k1' | 'k2' | 'k3';
const ESTIMATOR_ID: Record<KlEstimator, number> = { k1: 0, k2: 1, k3: 2 };

/** Largest finite f32: stands for "no clipping" (the kernel may assume no inf in its inputs). */
const F32_MAX = 3.4028234663852886e38;

function need(name: string, views: [GpuView, number, string][]): void {
  for (const [v, n, what] of views) if (v.length < n) throw new RangeError(`${name}: ${what} has ${v.length} elements, needs ${n}`);
}

/** kl (n) = estimator(logprob − refLogprob) where mask ≠ 0, else 0. */
export function klPerToken(
  rec: Recorder,
  kl: GpuView,
  logprob: GpuView,
  refLogprob: GpuView,
  mask: GpuView,
  n: number,
  estimator: KlEstimator = 'k1',
): void {
  if (!Object.hasOwn(ESTIMATOR_ID, estimator)) throw new RangeError(`klPerToken: unknown estimator ${String(estimator)}`);
  need('klPerToken', [[kl, n, 'kl'], [logprob, n, 'logprob'], [refLogprob, n, 'refLogprob'], [mask, n, 'mask']]);
  rec.dispatch(
    { source: KL_REWARDS_SOURCE, entryPoint: 'kl', constants: { WG, ESTIMATOR: ESTIMATOR_ID[estimator] } },
    [logprob, refLogprob, mask, undefined, undefined, undefined, kl, undefined],
    params().u32(n).u32(1).f32(0).f32(0).f32(0).done(),
    grid(Math.ceil(n / WG)),
  );
}

/**
 * rewards (B,T) = −β·kl·mask + clip(score, ±rewardClip) at each row's last real token; score is
 * missingEosPenalty where hasEos (u32, B) is 0. rewardClip = Infinity disables clipping.
 */
export function perTokenRewards(
  rec: Recorder,
  rewards: GpuView,
  kl: GpuView,
  mask: GpuView,
  scores: GpuView,
  hasEos: GpuView,
  B: number,
  T: number,
  beta: number,
  rewardClip: number,
  missingEosPenalty: number,
): void {
  if (!(rewardClip >= 0)) throw new RangeError(`perTokenRewards: rewardClip must be ≥ 0, got ${rewardClip}`);
  const n = B * T;
  need('perTokenRewards', [[rewards, n, 'rewards'], [kl, n, 'kl'], [mask, n, 'mask'], [scores, B, 'scores'], [hasEos, B, 'hasEos']]);
  rec.dispatch(
    { source: KL_REWARDS_SOURCE, entryPoint: 'rewards', constants: { WG } },
    [undefined, undefined, mask, kl, scores, hasEos, undefined, rewards],
    params().u32(n).u32(Math.max(T, 1)).f32(beta).f32(Math.min(rewardClip, F32_MAX)).f32(missingEosPenalty).done(),
    grid(Math.ceil(n / WG)),
  );
}
