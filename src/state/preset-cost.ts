/**
 * What a PPO iteration of another model size will cost here, said before the user switches to it
 * (issue #15: on a software adapter or the CPU engine a larger model can take seconds per
 * iteration). The arithmetic of an iteration comes from the engine's analytic count
 * (src/engine/model/cost.ts), corrected by how fast each size runs on the engine and how much
 * longer a run's first iteration takes (both measured: src/state/preset-cost-model.ts); the speed
 * of this machine from the iterations this page has measured on the same engine.
 */
import type { PresetName } from '../engine/model/config';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { EngineKind } from '../worker/protocol';
import { iterationFlops, iterationUnits, msPerUnit } from './preset-cost-model';
import { useRunStore, type RunState } from './run-store';
import { engineTotal, useTimingStore } from './timing';

export { iterationFlops } from './preset-cost-model';

/**
 * Milliseconds per work unit per engine, and whether it came from a run's first iteration only.
 * A later (warm) iteration is the better basis: a first iteration never replaces one.
 */
const rate = new Map<EngineKind, { msPerUnit: number; first: boolean }>();

/**
 * Records a measured iteration (called as iterations complete; exported for the tests). `first`:
 * the run's first iteration (slower: warm-up).
 */
export function iterationMeasured(engine: EngineKind, scenarioId: string, preset: PresetName, config: PpoConfig, ms: number, first = false): void {
  if (!(ms > 0)) return;
  if (first && rate.get(engine)?.first === false) return;
  rate.set(engine, { msPerUnit: msPerUnit(engine, scenarioId, preset, config, ms, first), first });
}

// Each completed iteration (state/timing.ts) updates the rate: its engine time over its work. The
// first one since the run was opened (timing is reset then) is the run's first.
useTimingStore.subscribe((t, before) => {
  if (!t.last || t.last === before.last) return;
  const s = useRunStore.getState();
  const ms = engineTotal(t.last);
  if (s.session && s.rolloutConfig) iterationMeasured(s.session.engine, s.scenario, s.preset, s.rolloutConfig, ms, t.last.iteration === t.first?.iteration);
});

export interface PresetCost {
  /** The chosen size's FLOPs per iteration over the current size's. */
  ratio: number;
  /** Estimated seconds per iteration (after the first) on this engine, or null before any iteration was measured on it. */
  seconds: number | null;
  /** Whether the engine is a slow one here (the CPU engine, or the GPU engine on a software adapter). */
  slowEngine: boolean;
}

export function presetCost(s: Pick<RunState, 'scenario' | 'preset' | 'config' | 'session' | 'probe'>, target: PresetName): PresetCost {
  const engine = s.session?.engine ?? 'cpu';
  const r = rate.get(engine);
  return {
    ratio: iterationFlops(s.scenario, target, s.config) / iterationFlops(s.scenario, s.preset, s.config),
    seconds: r === undefined ? null : (r.msPerUnit * iterationUnits(engine, s.scenario, target, s.config)) / 1000,
    slowEngine: engine === 'cpu' || s.probe?.isFallbackAdapter === true,
  };
}
