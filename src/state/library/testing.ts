import { makePpoConfig } from '../../engine/rl/ppo-config';
import type { RunSnapshot } from '../../worker/protocol';
import { RUN_RECORD_VERSION, type RunMeta, type RunSamples } from './record';

/** Small, valid records for the library's unit tests (not bundled: only test files import this). */

export function statRows(n: number, from = 0): Record<string, number>[] {
  return Array.from({ length: n }, (_, i) => ({ iteration: from + i, 'objective/kl': (from + i) * 0.01, 'objective/scores': Math.sin(from + i), 'objective/kl_coef': 0.05 }));
}

export function testMeta(id: string, iteration: number, over: Partial<RunMeta> = {}): RunMeta {
  return {
    version: RUN_RECORD_VERSION, id, name: `run ${id}`, scenario: 'reviews', preset: 'micro',
    changes: [{ at: 0, config: makePpoConfig({ seed: 7, batchSize: 16 }), engine: 'cpu' }],
    pending: null, iteration, klCoef: 0.05, statKeys: ['iteration', 'objective/kl', 'objective/scores', 'objective/kl_coef'],
    forkOf: null, notReplayable: [], curves: { sftLosses: [2, 1], rmLosses: [0.7], rmAccuracies: [NaN, 0.8], heldOutAccuracy: 0.8 },
    hasWeights: false, bytes: { history: 0, samples: 0, weights: 0 }, createdAt: 1, savedAt: 2, ...over,
  };
}

const state = (n: number, x: number) => ({ params: new Float32Array(n).fill(x), m: new Float32Array(n), v: new Float32Array(n).fill(1e-6), steps: 3 });

export function testSnapshot(iteration: number, n = 64): RunSnapshot {
  return { actor: state(n, 0.5), critic: state(n + 1, -0.5), sft: new Float32Array(n).fill(0.25), reward: new Float32Array(n + 1).fill(0.1), iteration, klCoef: 0.05 };
}

export function testSamples(runId: string, afters: number[]): RunSamples {
  const K = 2, S = 6;
  return {
    runId, K, S, P: 3, stride: 1,
    entries: afters.map((after) => ({ after, tokens: Int32Array.from({ length: K * S }, (_, i) => (i + after) % 5), scores: Float32Array.of(0.5, -0.5), gold: Float32Array.of(1, 0) })),
  };
}
