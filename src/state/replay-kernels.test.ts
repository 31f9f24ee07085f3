/**
 * The CPU engine has three kernel sets that round differently (float32 WebAssembly, float64
 * WebAssembly, TypeScript), so a replay that is to land on the same statistics bit for bit must run
 * the kernels its run was recorded on (issue #12, item 5): the worker opens a run on the kernels
 * the page asks for, and the same iteration on other kernels gives other numbers.
 */
import { describe, expect, it } from 'vitest';
import { CpuBackend, type CpuKernels } from '../engine/backends/cpu-backend';
import { getScenario } from '../engine/data/scenarios';
import { Gpt } from '../engine/model/gpt';
import { modelConfigFor } from '../engine/pipeline/stages';
import { makePpoConfig } from '../engine/rl/ppo-config';
import type { RunSnapshot } from '../worker/protocol';
import { Session } from '../worker/session';

const reviews = getScenario('reviews');
const model = modelConfigFor(reviews, 'micro');
const ppo = makePpoConfig({ batchSize: 8, minibatches: 2, epochs: 1, maxResponseLength: reviews.maxResponseLength, seed: 5 });

function snapshot(): RunSnapshot {
  const sft = new Gpt(new CpuBackend({ kernels: 'ts' }), model, 'lm');
  sft.init(1);
  const rm = new Gpt(new CpuBackend({ kernels: 'ts' }), model, 'reward');
  rm.init(2);
  const zeros = (n: number) => new Float32Array(n);
  return {
    actor: { params: sft.params.slice(), m: zeros(sft.params.length), v: zeros(sft.params.length), steps: 0 },
    critic: { params: rm.params.slice(), m: zeros(rm.params.length), v: zeros(rm.params.length), steps: 0 },
    sft: sft.params.slice(), reward: rm.params.slice(), iteration: 0, klCoef: ppo.klCoef,
  };
}

/** One iteration in a worker session opened on `kernels` (undefined: the engine's default): its kernels and statistics. */
async function iterationOn(kernels: CpuKernels | undefined) {
  const s = new Session(() => undefined);
  const open = await s.open({ scenario: 'reviews', preset: 'micro', engine: 'cpu', ppo, modelsUrl: 'http://127.0.0.1:9/unused/', restore: snapshot(), fallbackSteps: { sft: 1, rm: 1 }, cpuKernels: kernels });
  await s.sample(false);
  await s.feedback();
  const { view } = await s.learn(false);
  return { active: open.cpuKernels?.active, stats: view.stats };
}

describe('replays pin the CPU kernels', () => {
  it('the worker runs the kernels the page asks for; the same iteration on other kernels gives other statistics', async () => {
    const [wasm, ts, tsAgain, byDefault] = [await iterationOn('wasm'), await iterationOn('ts'), await iterationOn('ts'), await iterationOn(undefined)];
    expect([wasm.active, ts.active, byDefault.active]).toEqual(['wasm', 'ts', 'wasm']);
    expect(tsAgain.stats).toEqual(ts.stats);
    expect(byDefault.stats).toEqual(wasm.stats);
    const differ = Object.keys(ts.stats).filter((k) => ts.stats[k] !== wasm.stats[k]);
    expect(differ.length, 'statistics that differ between float32 WebAssembly and TypeScript kernels').toBeGreaterThan(0);
  });
});
