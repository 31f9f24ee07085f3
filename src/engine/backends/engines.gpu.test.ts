import { afterAll, describe, expect, it } from 'vitest';
import { EOS, PAD } from '../data/tokenizer';
import type { ModelConfig } from '../model/config';
import { Generator } from '../model/generate';
import { DEFAULT_ADAMW, Gpt } from '../model/gpt';
import { nodeGpu } from '../gpu/testing/node-gpu';
import { SftTrainer } from '../rl/sft';
import { packSequences } from '../rl/sequences';
import { maxAbsDiff, maxScaledDiff } from '../tensor/compare';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { CpuBackend } from './cpu-backend';
import { GpuBackend } from './gpu-backend';

// One model, two engines: the GPU engine must agree with the CPU engine on whole-model forward,
// backward + AdamW, and generation (which must need no read-back per token).
const rt = await nodeGpu();
afterAll(() => rt?.destroy());

const config: ModelConfig = { vocabSize: 13, maxSeqLen: 16, channels: 16, layers: 2, heads: 2 };
const B = 4, P = 3, T = 6, S = P + T;

function batch(seed: number) {
  const r = new Rng(seed);
  const prompts = Array.from({ length: B }, () => Array.from({ length: P }, () => 2 + r.int(11)));
  const answers = Array.from({ length: B }, (_, b) => [...Array.from({ length: 2 + b }, () => 2 + r.int(11)), EOS]);
  return packSequences(prompts, answers, P, T);
}

describe.skipIf(!rt)('GPU engine = CPU engine (whole model)', () => {
  const gpu = () => new GpuBackend(rt!);

  for (const head of ['lm', 'value', 'reward'] as const) {
    it(`${head} head: forward outputs agree`, async () => {
      const cpuM = new Gpt(new CpuBackend(), config, head);
      cpuM.init(5);
      const flat = await cpuM.getParams();
      for (let i = 0; i < flat.length; i++) flat[i] += 0.05 * Math.sin(i); // non-trivial LN gains, biases, head
      cpuM.setParams(flat);
      const g = gpu();
      const gpuM = new Gpt(g, config, head);
      gpuM.setParams(flat);
      const b = batch(1);
      cpuM.forward(b.tokens, B, S);
      const toks = g.ints(B * S);
      g.uploadInts(toks, b.tokens);
      gpuM.forward(toks, B, S);
      const got = await g.read(gpuM.output());
      const diff = maxScaledDiff(got, cpuM.output());
      console.log(`${head} forward max scaled |GPU−CPU| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(2e-5);
      gpuM.release();
    });
  }

  it('an SFT training step (forward, cross-entropy, backward, AdamW with clipping) agrees: loss, grad norm, updated weights', async () => {
    const cpuM = new Gpt(new CpuBackend(), config, 'lm');
    cpuM.init(9);
    const g = gpu();
    const gpuM = new Gpt(g, config, 'lm');
    gpuM.setParams(await cpuM.getParams());
    const cpuT = new SftTrainer(cpuM, B, S), gpuT = new SftTrainer(gpuM, B, S);
    const adam = { ...DEFAULT_ADAMW, lr: 1e-2, maxGradNorm: 0.5 };
    for (let step = 0; step < 3; step++) {
      const b = batch(10 + step);
      const rc = await cpuT.step(b, adam);
      const rg = await gpuT.step(b, adam);
      console.log(`step ${step}: loss cpu ${rc.loss.toFixed(6)} gpu ${rg.loss.toFixed(6)}, grad norm ${rc.gradNorm.toFixed(5)} / ${rg.gradNorm.toFixed(5)}`);
      expect(Math.abs(rc.loss - rg.loss)).toBeLessThan(1e-5 * Math.max(1, rc.loss));
      expect(Math.abs(rc.gradNorm - rg.gradNorm)).toBeLessThan(1e-4 * rc.gradNorm);
    }
    const pc = await cpuM.getParams(), pg = await gpuM.getParams();
    const diff = maxAbsDiff(pg, pc);
    console.log(`after 3 AdamW steps (lr 1e-2): max |GPU−CPU| weight = ${diff.toExponential(2)}`);
    // Adam moves each weight by ≈ lr·m̂/√v̂ whatever the gradient's size, so a gradient that is
    // pure rounding noise on one engine could move a weight by up to lr; 1% of lr bounds what
    // float32 rounding can do to real gradients here.
    expect(diff).toBeLessThan(1e-4);
    gpuM.release();
  });

  it('generation on the GPU needs no read-back per token and matches the CPU engine', async () => {
    const cpuM = new Gpt(new CpuBackend(), config, 'lm');
    cpuM.init(21);
    for (let i = 0; i < cpuM.params.length; i++) cpuM.params[i] *= 6; // peaked distributions
    const g = gpu();
    const gpuM = new Gpt(g, config, 'lm');
    gpuM.setParams(Float32Array.from(cpuM.params));
    const Bg = 16;
    const prompts = new Int32Array(Bg * S);
    const r = new Rng(2);
    for (let b = 0; b < Bg; b++) for (let i = 0; i < P; i++) prompts[b * S + i] = 2 + r.int(11);
    const draw = { temperature: 1, seed: 8, stream: STREAM.ppoSampling, iteration: 0, eos: EOS, pad: PAD };
    const cpuSeq = prompts.slice();
    new Generator(cpuM, Bg).record(cpuSeq, S, P, draw);
    const gen = new Generator(gpuM, Bg);
    const seq = g.ints(Bg * S);
    g.uploadInts(seq, prompts);
    await g.flush();
    const before = { ...rt!.stats };
    gen.record(seq, S, P, draw);
    await g.flush();
    expect(rt!.stats.readbacks - before.readbacks).toBe(0);
    expect(rt!.stats.submits - before.submits).toBe(1);
    console.log(`generation of ${Bg}×${T} tokens: ${rt!.stats.dispatches - before.dispatches} dispatches in 1 submission, 0 read-backs`);
    const gpuSeq = await g.readInts(seq);
    expect(rt!.stats.readbacks - before.readbacks).toBe(1);
    let same = 0;
    for (let i = 0; i < gpuSeq.length; i++) if (gpuSeq[i] === cpuSeq[i]) same++;
    console.log(`GPU and CPU sampled the same token at ${same}/${gpuSeq.length} positions`);
    // The same Philox draw on both engines: only a draw landing within float rounding of a CDF
    // boundary can differ (and then the rest of that row differs).
    expect(same / gpuSeq.length).toBeGreaterThan(0.9);
    gen.release();
    gpuM.release();
  });
});
