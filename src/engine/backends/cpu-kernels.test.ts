import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WasmThreadPool } from '../wasm/pool';
import { getScenario } from '../data/scenarios';
import type { ModelConfig } from '../model/config';
import { DEFAULT_ADAMW, Gpt } from '../model/gpt';
import { createPpoRun, modelConfigFor } from '../pipeline/stages';
import { loadShipped } from '../pipeline/shipped';
import { makePpoConfig } from '../rl/ppo-config';
import { packSequences } from '../rl/sequences';
import { SftTrainer } from '../rl/sft';
import { Rng } from '../tensor/rng';
import { bitDiffs } from '../wasm/testing/arena-copy';
import { CpuBackend, type CpuKernels } from './cpu-backend';

// The CPU engine on its three kernel sets, end to end: 'wasm-exact' reproduces the TypeScript ops
// bit for bit (the shipped checkpoints and every learning proof depend on those bits), 'wasm'
// (float32) is reproducible and stays close, and its gradients match finite differences.
const scenario = getScenario('reviews');
const shipped = await loadShipped(scenario, 'tiny', async (p) => new Uint8Array(readFileSync(join('public', p))));

/** One PPO iteration of the default scenario (B = 16 for speed) from the shipped tiny checkpoints. */
async function ppoIteration(kernels: CpuKernels) {
  const run = createPpoRun(new CpuBackend({ kernels }), scenario, shipped.sft.config, shipped.sft.params, shipped.reward!.params,
    makePpoConfig({ maxResponseLength: scenario.maxResponseLength, batchSize: 16, minibatches: 2, epochs: 2 }));
  const rollout = await run.sample();
  const feedback = await run.feedback();
  const learn = await run.learn();
  return { run, rollout, feedback, learn, actor: await run.models.actor.getParams(), critic: await run.models.critic.getParams() };
}

/** Three SFT steps of the tiny preset on the scenario's corpus. */
async function sftSteps(kernels: CpuKernels) {
  const config = modelConfigFor(scenario, 'tiny');
  const model = new Gpt(new CpuBackend({ kernels }), config, 'lm');
  model.init(3);
  const P = scenario.promptLength, T = scenario.maxResponseLength, B = 16;
  const trainer = new SftTrainer(model, B, P + T);
  const rng = new Rng(4);
  const losses: number[] = [];
  let firstGrads = new Float32Array(0);
  for (let s = 0; s < 3; s++) {
    const ex = scenario.sftExamples(rng, B);
    losses.push((await trainer.step(packSequences(ex.map((e) => e.prompt), ex.map((e) => e.response), P, T), DEFAULT_ADAMW)).loss);
    if (s === 0) firstGrads = model.grads.slice(); // both engines start from the same weights
  }
  return { losses, params: await model.getParams(), firstGrads, model };
}

describe('CPU engine kernels: wasm-exact = TypeScript, bit for bit', () => {
  it('SFT steps (forward, cross-entropy, backward, gradient norm, AdamW)', async () => {
    const [ts, exact] = [await sftSteps('ts'), await sftSteps('wasm-exact')];
    expect(exact.losses).toEqual(ts.losses);
    expect(bitDiffs(exact.params, ts.params)).toBe(0);
  });
  it('a PPO iteration: tokens, feedback, losses and both models after learning', async () => {
    const [ts, exact] = [await ppoIteration('ts'), await ppoIteration('wasm-exact')];
    expect(new CpuBackend({ kernels: 'wasm-exact' }).kernels.active).toBe('wasm-exact');
    expect(exact.rollout.tokens).toEqual(ts.rollout.tokens);
    expect(exact.learn).toEqual(ts.learn);
    expect(bitDiffs(exact.actor, ts.actor) + bitDiffs(exact.critic, ts.critic)).toBe(0);
  });
});

describe('CPU engine kernels: wasm (float32)', () => {
  it('is reproducible: the same seed gives the same bits', async () => {
    const [a, b] = [await ppoIteration('wasm'), await ppoIteration('wasm')];
    expect(a.rollout.tokens).toEqual(b.rollout.tokens);
    expect(bitDiffs(a.actor, b.actor) + bitDiffs(a.critic, b.critic)).toBe(0);
  });
  it('computes the same maths as the TypeScript engine over SFT steps (the criteria of bench/tfjs-parity.ts)', async () => {
    // Losses within 1e-4 relative and every gradient tensor of the first step within 1e-4 of its
    // largest entry (float32 against float64 through two layers). Weights are not compared bit
    // for bit: AdamW's first steps move a weight by ≈ lr·sign(g), and a gradient at rounding-noise
    // level may flip sign between two correct implementations.
    const [ts, fast] = [await sftSteps('ts'), await sftSteps('wasm')];
    fast.losses.forEach((l, i) => expect(Math.abs(l - ts.losses[i]) / ts.losses[i], `loss ${i}`).toBeLessThan(1e-4));
    for (const e of ts.model.layout.entries()) {
      let dmax = 0, gmax = 0;
      for (let i = e.offset; i < e.offset + e.length; i++) {
        dmax = Math.max(dmax, Math.abs(fast.firstGrads[i] - ts.firstGrads[i]));
        gmax = Math.max(gmax, Math.abs(ts.firstGrads[i]));
      }
      expect(dmax, `gradient of ${e.name}`).toBeLessThanOrEqual(1e-4 * gmax);
    }
  });

  it('gradients through the whole model = central finite differences (every parameter tensor)', async () => {
    // A float32 forward limits the finite difference: with step h along a random unit-scale
    // direction the rounding noise of the loss (~1e-7·|loss|·√terms) divided by 2h stays ≪ the 2%
    // + 1e-4 allowed for h = 1e-2 (the tolerance of src/engine/rl/losses-fd.test.ts).
    const config: ModelConfig = { vocabSize: 11, maxSeqLen: 10, channels: 12, layers: 2, heads: 3 };
    const be = new CpuBackend({ kernels: 'wasm' });
    const m = new Gpt(be, config, 'lm');
    m.init(5);
    const r = new Rng(6);
    for (const e of m.layout.entries()) if (/ln\w*\.[wb]$|\.b$/.test(e.name)) for (let i = 0; i < e.length; i++) m.params[e.offset + i] += 0.3 * r.normal();
    const B = 3, S = 7, N = B * S, V = config.vocabSize;
    const tokens = be.ints(N), targets = be.ints(N), losses = be.floats(N), probs = be.floats(N * V), dl = be.floats(N);
    for (let i = 0; i < N; i++) { tokens[i] = 2 + r.int(V - 2); targets[i] = i % S < 2 ? -1 : 2 + r.int(V - 2); }
    const count = targets.filter((t) => t >= 0).length;
    for (let i = 0; i < N; i++) dl[i] = targets[i] >= 0 ? 1 / count : 0;
    const loss = () => {
      m.forward(tokens, B, S);
      be.crossentropyForward(losses, probs, m.output(), targets, N, V);
      let s = 0;
      for (let i = 0; i < N; i++) s += losses[i];
      return s / count;
    };
    m.zeroGrad();
    loss();
    be.crossentropyBackward(m.outputGrad(), dl, probs, targets, N, V);
    m.backward(tokens);
    const g = m.grads.slice();
    const eps = 1e-2;
    for (const e of m.layout.entries()) {
      const d = r.normalArray(e.length);
      let analytic = 0;
      for (let i = 0; i < e.length; i++) analytic += g[e.offset + i] * d[i];
      const base = m.params.slice(e.offset, e.offset + e.length);
      for (let i = 0; i < e.length; i++) m.params[e.offset + i] = base[i] + eps * d[i];
      const lp = loss();
      for (let i = 0; i < e.length; i++) m.params[e.offset + i] = base[i] - eps * d[i];
      const lm = loss();
      m.params.set(base, e.offset);
      const numeric = (lp - lm) / (2 * eps);
      expect(Math.abs(analytic - numeric), `${e.name}: analytic ${analytic} vs numeric ${numeric}`).toBeLessThan(0.02 * Math.abs(numeric) + 1e-4);
    }
  });
});

describe('CPU engine memory (WebAssembly arena)', () => {
  it('tensors stay valid when the memory grows, and released memory comes back zeroed', () => {
    const be = new CpuBackend({ kernels: 'wasm' });
    expect(be.kernels.sharedMemory).toBe(true); // Node gives a shared memory
    const a = be.floats(1000);
    a.fill(7);
    const big = be.floats(64 * 1024 * 1024 / 4); // forces growth well past the first pages
    big[big.length - 1] = 1;
    expect(a.length).toBe(1000);
    expect(a.every((x) => x === 7)).toBe(true);
    be.release(big);
    const again = be.floats(1000);
    expect(again.every((x) => x === 0)).toBe(true);
  });

  it('an op on tensors of another engine runs the TypeScript op (same result as on its own tensors)', () => {
    const be = new CpuBackend({ kernels: 'wasm' }), other = new CpuBackend({ kernels: 'ts' });
    const r = new Rng(2), x = r.normalArray(6 * 5), w = r.normalArray(4 * 5);
    const mine = be.floats(24), theirs = other.floats(24);
    const xi = be.floats(30), wi = be.floats(20);
    xi.set(x); wi.set(w);
    be.matmulForward(theirs, xi, wi, null, 6, 5, 4); // output outside be's memory
    other.matmulForward(mine, x, w, null, 6, 5, 4);
    expect(bitDiffs(theirs, mine)).toBe(0);
  });

  it('a fixed (non-shared) memory that overflows keeps working on the TypeScript ops and says so', async () => {
    const { WasmKernels } = await import('../wasm/kernels');
    const k = WasmKernels.create({ shared: false, fixedBytes: 4 * 65536 });
    expect(k.arena.shared).toBe(false);
    const inside = k.arena.floats(1000), outside = k.arena.floats(200_000);
    expect(k.arena.holds(inside)).toBe(true);
    expect(k.arena.holds(outside)).toBe(false);
    expect(k.arena.overflowed).toBe(1);
    expect(k.geluForward(outside.subarray(0, 10), inside.subarray(0, 10), 10)).toBe(false);
  });
});

describe('CPU engine threads', () => {
  it('results do not depend on the number of threads (a PPO iteration at B = 64, 1 vs 2 vs 3 threads)', async () => {
    const runs = [];
    for (const threads of [1, 2, 3]) {
      const be = new CpuBackend({ kernels: 'wasm', threads });
      await be.threadsReady();
      expect(be.kernels.threadNote).toBe('');
      expect(be.threadsInUse).toBe(threads);
      const run = createPpoRun(be, scenario, shipped.sft.config, shipped.sft.params, shipped.reward!.params,
        makePpoConfig({ maxResponseLength: scenario.maxResponseLength, batchSize: 64, minibatches: 2, epochs: 1 }));
      await run.sample();
      await run.feedback();
      const learn = await run.learn();
      runs.push({ learn, actor: await run.models.actor.getParams(), critic: await run.models.critic.getParams() });
    }
    // Shares the caller took because no helper had started them (pool.ts): the same bits whoever computes a share.
    console.log(`shares taken by the caller: ${[2, 3].map((n) => `${n} threads ${WasmThreadPool.get(n).pool?.sharesTaken}`).join(', ')}`);
    for (const r of runs.slice(1)) {
      expect(r.learn).toEqual(runs[0].learn);
      expect(bitDiffs(r.actor, runs[0].actor) + bitDiffs(r.critic, runs[0].critic)).toBe(0);
    }
  });
  it('wasm-exact on 2 threads still equals the TypeScript ops bit for bit', async () => {
    const be = new CpuBackend({ kernels: 'wasm-exact', threads: 2 });
    await be.threadsReady();
    expect(be.threadsInUse).toBe(2);
    const ref = new CpuBackend({ kernels: 'ts' });
    const r = new Rng(3), N = 200, C = 48, OC = 192;
    const x = r.normalArray(N * C), w = r.normalArray(OC * C), dout = r.normalArray(N * OC);
    const [xi, wi, di] = [x, w, dout].map((a) => { const t = be.floats(a.length); t.set(a); return t; });
    const out = be.floats(N * OC), dx = be.floats(N * C), dw = be.floats(OC * C), db = be.floats(OC);
    const rOut = new Float32Array(N * OC), rdx = new Float32Array(N * C), rdw = new Float32Array(OC * C), rdb = new Float32Array(OC);
    be.matmulForward(out, xi, wi, null, N, C, OC);
    be.matmulBackward(dx, dw, db, di, xi, wi, N, C, OC);
    ref.matmulForward(rOut, x, w, null, N, C, OC);
    ref.matmulBackward(rdx, rdw, rdb, dout, x, w, N, C, OC);
    expect(bitDiffs(out, rOut) + bitDiffs(dx, rdx) + bitDiffs(dw, rdw) + bitDiffs(db, rdb)).toBe(0);
  });
});
