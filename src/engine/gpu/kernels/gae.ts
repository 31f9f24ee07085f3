import seqCode from '../../../../shaders/gae.wgsl?raw';
import scanCode from '../../../../shaders/gae_scan.wgsl?raw';
import { params } from '../params';
import { grid, type Recorder } from '../recorder';
import type { KernelSource } from '../shader-source';
import type { GpuView } from '../view';

export const GAE_SOURCE: KernelSource = { name: 'gae', code: seqCode };
export const GAE_SCAN_SOURCE: KernelSource = { name: 'gae_scan', code: scanCode };

/** 'sequential': one invocation per row, O(T) steps. 'scan': one workgroup per row, affine-map scan. */
export type GaeVariant = 'sequential' | 'scan';

/** Workgroup shape of the scan variant: WG invocations, ITEMS positions each per chunk. */
export interface GaeScanTile {
  wg: number;
  items: number;
}

const SEQ_WG = 64;
export const GAE_SCAN_TILE: GaeScanTile = { wg: 64, items: 4 };

/**
 * GAE over response positions (Schulman et al. 2016; docs/conventions.md §3), writing advantages (B, T) and
 * returns (B, T) = A + V, zeros at masked positions. Same argument order as the CPU reference
 * `rl/gae.ts`. `tile` only matters for the scan variant (tests use it to force many chunks).
 */
export function gaeForward(
  rec: Recorder,
  advantages: GpuView, // (B, T) out
  returns: GpuView, // (B, T) out
  rewards: GpuView, // (B, T)
  values: GpuView, // (B, T)
  mask: GpuView, // (B, T)
  B: number,
  T: number,
  gamma: number,
  lambda: number,
  variant: GaeVariant,
  tile: GaeScanTile = GAE_SCAN_TILE,
): void {
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`gae: gamma must be in [0, 1], got ${gamma}`);
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`gae: lambda must be in [0, 1], got ${lambda}`);
  for (const v of [advantages, returns, rewards, values, mask]) {
    if (v.length < B * T) throw new RangeError(`gae: a view of ${v.length} elements is shorter than B×T = ${B * T}`);
  }
  if (B === 0 || T === 0) return;
  const p = params().u32(B).u32(T).f32(gamma).f32(gamma * lambda).done();
  const bindings = [rewards, values, mask, advantages, returns];
  if (variant === 'sequential') {
    rec.dispatch({ source: GAE_SOURCE, entryPoint: 'main', constants: { WG: SEQ_WG } }, bindings, p, grid(Math.ceil(B / SEQ_WG)));
  } else {
    const { wg, items } = tile;
    if (!(Number.isInteger(wg) && wg >= 1 && Number.isInteger(items) && items >= 1)) throw new RangeError(`gae: bad scan tile ${wg}×${items}`);
    rec.dispatch({ source: GAE_SCAN_SOURCE, entryPoint: 'main', constants: { WG: wg, ITEMS: items } }, bindings, p, grid(B));
  }
}
