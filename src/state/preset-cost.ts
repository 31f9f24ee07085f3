/**
 * What a PPO iteration of another model size will cost here, said before the user switches to it
 * (issue #15: on a software adapter or the CPU engine a larger model can take seconds per
 * iteration). The arithmetic of an iteration comes from the engine's analytic count
 * (src/engine/model/cost.ts); the speed from the iterations this page has measured on the same
 * engine: time per FLOP of the last measured iteration, applied to the chosen size.
 */
import { getScenario } from '../engine/data/scenarios';
import { presetConfig, type PresetName } from '../engine/model/config';
import { ppoIterationFlops } from '../engine/rl/iteration-cost';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { EngineKind } from '../worker/protocol';
import { useRunStore, type RunState } from './run-store';
import { engineTotal, useTimingStore } from './timing';

/** FLOPs of one iteration of `preset` in `scenarioId` with these settings (and their algorithm). */
export function iterationFlops(scenarioId: string, preset: PresetName, config: PpoConfig): number {
  const sc = getScenario(scenarioId);
  const c = presetConfig(preset, sc.tokenizer.size);
  const model = { ...c, maxSeqLen: Math.max(c.maxSeqLen, sc.promptLength + sc.maxResponseLength) };
  return ppoIterationFlops(model, {
    B: config.batchSize, P: sc.promptLength, T: config.maxResponseLength, epochs: config.epochs, minibatches: config.minibatches, rewardModel: sc.hasRewardModel,
    ptxBatchSize: config.ptxBatchSize, ptx: config.ptxCoef > 0, algo: config.algo,
  });
}

/** The last measured iteration per engine: milliseconds per FLOP. */
const msPerFlop = new Map<EngineKind, number>();

/** Records a measured iteration (called as iterations complete; exported for the tests). */
export function iterationMeasured(engine: EngineKind, scenarioId: string, preset: PresetName, config: PpoConfig, ms: number): void {
  if (ms > 0) msPerFlop.set(engine, ms / iterationFlops(scenarioId, preset, config));
}

// Each completed iteration (state/timing.ts) updates the rate: its engine time over its FLOPs.
useTimingStore.subscribe((t, before) => {
  if (!t.last || t.last === before.last) return;
  const s = useRunStore.getState();
  const ms = engineTotal(t.last);
  if (s.session && s.rolloutConfig) iterationMeasured(s.session.engine, s.scenario, s.preset, s.rolloutConfig, ms);
});

export interface PresetCost {
  /** The chosen size's FLOPs per iteration over the current size's. */
  ratio: number;
  /** Estimated seconds per iteration on this engine, or null before any iteration was measured on it. */
  seconds: number | null;
  /** Whether the engine is a slow one here (the CPU engine, or the GPU engine on a software adapter). */
  slowEngine: boolean;
}

export function presetCost(s: Pick<RunState, 'scenario' | 'preset' | 'config' | 'session' | 'probe'>, target: PresetName): PresetCost {
  const engine = s.session?.engine ?? 'cpu';
  const flops = iterationFlops(s.scenario, target, s.config);
  const rate = msPerFlop.get(engine);
  return {
    ratio: flops / iterationFlops(s.scenario, s.preset, s.config),
    seconds: rate === undefined ? null : (flops * rate) / 1000,
    slowEngine: engine === 'cpu' || s.probe?.isFallbackAdapter === true,
  };
}
