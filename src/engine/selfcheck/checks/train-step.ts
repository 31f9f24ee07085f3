import { CpuBackend } from '../../backends/cpu-backend';
import { GpuBackend } from '../../backends/gpu-backend';
import { EOS } from '../../data/tokenizer';
import type { ModelConfig } from '../../model/config';
import { DEFAULT_ADAMW, Gpt } from '../../model/gpt';
import { packSequences } from '../../rl/sequences';
import { SftTrainer } from '../../rl/sft';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// A whole training step — forward, cross-entropy, backward through every block, AdamW with
// gradient clipping — on the GPU engine against the CPU engine, from the same weights.
const config: ModelConfig = { vocabSize: 17, maxSeqLen: 16, channels: 16, layers: 2, heads: 2 };
const B = 4, P = 3, T = 7;

export const trainStepChecks: KernelCheck[] = [
  {
    kernel: 'train_step',
    what: 'SFT step (all kernels, fwd + bwd + AdamW) GPU vs CPU engine: max |Δ weight| after 2 steps',
    tolerance: 1e-4,
    async run(rt) {
      const cpuModel = new Gpt(new CpuBackend(), config, 'lm');
      cpuModel.init(3);
      const gpu = new GpuBackend(rt);
      const gpuModel = new Gpt(gpu, config, 'lm');
      gpuModel.setParams(await cpuModel.getParams());
      const cpuT = new SftTrainer(cpuModel, B, P + T), gpuT = new SftTrainer(gpuModel, B, P + T);
      const r = new Rng(4);
      let lossGap = 0;
      for (let step = 0; step < 2; step++) {
        const prompts = Array.from({ length: B }, () => Array.from({ length: P }, () => 2 + r.int(15)));
        const answers = Array.from({ length: B }, (_, b) => [...Array.from({ length: 2 + b }, () => 2 + r.int(15)), EOS]);
        const batch = packSequences(prompts, answers, P, T);
        const adam = { ...DEFAULT_ADAMW, lr: 1e-2, maxGradNorm: 0.5 };
        const a = await cpuT.step(batch, adam);
        const b = await gpuT.step(batch, adam);
        lossGap = Math.max(lossGap, Math.abs(a.loss - b.loss));
      }
      const diff = maxAbsDiff(await gpuModel.getParams(), await cpuModel.getParams());
      gpuT.release();
      gpuModel.release();
      return Math.max(diff, lossGap);
    },
  },
];
