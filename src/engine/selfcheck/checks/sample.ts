import { decodeEmbed as decodeEmbedCpu } from '../../cpu/decode-embed';
import { sampleNext as sampleCpu } from '../../cpu/sample';
import { decodeEmbed } from '../../gpu/kernels/decode-embed';
import { sampleNext } from '../../gpu/kernels/sample';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import { STREAM } from '../../tensor/streams';
import type { KernelCheck } from '../types';

export const sampleChecks: KernelCheck[] = [
  {
    kernel: 'sample',
    what: 'next-token draw B=33 V=53 T=0.9: tokens differing from the CPU engine (count)',
    tolerance: 0,
    async run(rt) {
      const B = 33, S = 4, V = 53, P = 2, pos = 1;
      const logits = new Rng(21).normalArray(B * V, 2);
      const seq = new Int32Array(B * S).fill(2);
      const d = { temperature: 0.9, seed: 77, stream: STREAM.ppoSampling, iteration: 3, eos: 1, pad: 0 };
      const want = seq.slice();
      sampleCpu(want, logits, B, S, V, pos, P, d);
      const sg = rt.tensorFrom(seq);
      const lg = rt.tensorFrom(logits);
      await rt.run('selfcheck sample', (rec) => sampleNext(rec, sg, lg, B, S, V, pos, P, d));
      const got = new Int32Array((await rt.readU32(sg)).buffer);
      rt.free(sg);
      rt.free(lg);
      let differing = 0;
      for (let i = 0; i < got.length; i++) if (got[i] !== want[i]) differing++;
      return differing;
    },
  },
  {
    kernel: 'decode_embed',
    what: 'token + position embedding of one decoding step, B=5 C=24',
    tolerance: 0,
    async run(rt) {
      const B = 5, S = 6, C = 24, V = 17, pos = 4;
      const wte = new Rng(1).normalArray(V * C), wpe = new Rng(2).normalArray(S * C);
      const seq = Int32Array.from({ length: B * S }, (_, i) => (i * 7) % V);
      const want = new Float32Array(B * C);
      decodeEmbedCpu(want, seq, wte, wpe, B, S, C, V, pos);
      const ts = [rt.tensorFrom(seq), rt.tensorFrom(wte), rt.tensorFrom(wpe), rt.tensor(B * C)];
      await rt.run('selfcheck decode_embed', (rec) => decodeEmbed(rec, ts[3], ts[0], ts[1], ts[2], B, S, C, V, pos));
      const got = await rt.read(ts[3]);
      ts.forEach((t) => rt.free(t));
      return maxAbsDiff(got, want);
    },
  },
];
