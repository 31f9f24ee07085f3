/**
 * The arithmetic behind the page's estimate of another model size's iteration time
 * (src/state/preset-cost.ts, which feeds it the page's measurements).
 *
 * An iteration's time is not proportional to its FLOPs on the CPU engine: the wasm kernels run
 * small matrices less efficiently than large ones (per-call and per-row overheads, short SIMD
 * loops), and the TypeScript around them (sampling loop, RL maths, bookkeeping) scales with the
 * batch, not with the width. Measured side by side (bench/preset-cost.bench.ts, one thread, warm
 * iterations of the reviews scenario with the PPO defaults, load average 2–3 on 2 cores): micro
 * 26.8 ms (8.1 GFLOP/s), tiny 142 ms (23.6), small 1477 ms (31.1) — small is 13.7× tiny's FLOPs but
 * 10.4× its time; micro 0.065× its FLOPs but 0.19× its time (a second run at load 1.9: 0.16×, 10.2×).
 * Two threads split small's products: 9.9× at load 3, 7.3× at load 1.9 with a core free — the
 * estimate uses the one-thread speeds, so with a free second core small can run up to ~1.4× faster
 * than it says (how much depends on the machine's other load: bench/README.md, threads).
 * And the first iteration of a run costs more than the next ones (JIT compilation of the TypeScript
 * in a fresh worker, first touch of the model's memory: small's first feedback phase alone takes
 * 1.2 s instead of 0.19 s): first / warm iteration in a fresh process 5.7 (micro), 3.7 (tiny), 2.0 (small).
 *
 * So the estimate works in "work units" = FLOPs / relative speed of that size on that engine, and
 * takes a run's first iteration as `cold` times a warm one. For the GPU engine (a software adapter)
 * nothing was measured: units = FLOPs and no first-iteration factor, as before.
 */
import { getScenario } from '../engine/data/scenarios';
import { presetConfig, type PresetName } from '../engine/model/config';
import { ppoIterationFlops } from '../engine/rl/iteration-cost';
import type { PpoConfig } from '../engine/rl/ppo-config';
import type { EngineKind } from '../worker/protocol';

/** GFLOP/s of a warm iteration relative to tiny's, on the CPU engine (wasm kernels; see above). */
export const CPU_RELATIVE_SPEED: Record<PresetName, number> = { micro: 8.1 / 23.6, tiny: 1, small: 31.1 / 23.6 };
/** A run's first iteration over a warm one, on the CPU engine in a fresh worker (see above). */
export const CPU_FIRST_ITERATION: Record<PresetName, number> = { micro: 5.7, tiny: 3.7, small: 2.0 };

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

/** Work units of one warm iteration: FLOPs over the size's relative speed on this engine. */
export function iterationUnits(engine: EngineKind, scenarioId: string, preset: PresetName, config: PpoConfig): number {
  return iterationFlops(scenarioId, preset, config) / (engine === 'cpu' ? CPU_RELATIVE_SPEED[preset] : 1);
}

/** How much longer a run's first iteration takes than the next ones on this engine (1: not measured). */
export function firstIterationFactor(engine: EngineKind, preset: PresetName): number {
  return engine === 'cpu' ? CPU_FIRST_ITERATION[preset] : 1;
}

/**
 * Milliseconds per work unit from one measured iteration of `preset` (`first`: the run's first
 * iteration, taken as that many times a warm one).
 */
export function msPerUnit(engine: EngineKind, scenarioId: string, preset: PresetName, config: PpoConfig, ms: number, first: boolean): number {
  return ms / (first ? firstIterationFactor(engine, preset) : 1) / iterationUnits(engine, scenarioId, preset, config);
}

/** Seconds per warm iteration of `target`, from `ms` measured for an iteration of `current` (the bench uses it). */
export function estimateSeconds(engine: EngineKind, scenarioId: string, current: PresetName, config: PpoConfig, ms: number, target: PresetName, first = false): number {
  return (msPerUnit(engine, scenarioId, current, config, ms, first) * iterationUnits(engine, scenarioId, target, config)) / 1000;
}
