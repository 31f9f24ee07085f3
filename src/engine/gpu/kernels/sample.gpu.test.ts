import { afterAll, describe, expect, it } from 'vitest';
import { decodeEmbed as decodeEmbedCpu } from '../../cpu/decode-embed';
import { sampleNext as sampleCpu } from '../../cpu/sample';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import { STREAM } from '../../tensor/streams';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { decodeEmbed } from './decode-embed';
import { sampleNext } from './sample';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));

describe.skipIf(variants.length === 0)('sample and decode_embed kernels (GPU vs CPU)', () => {
  for (const v of variants) {
    const rt = v.rt;
    it(`${v.name}: draws exactly the CPU engine's tokens (same Philox draw), incl. masked logits and ended rows`, async () => {
      for (const [B, V, T] of [[1, 5, 1], [37, 13, 0.7], [9, 70, 1.3]] as const) {
        const S = 6, P = 2;
        const logits = new Rng(B * V).normalArray(B * V, 2);
        for (let b = 0; b < B; b++) logits[b * V + (b % V)] = -1e9;
        const seq = new Int32Array(B * S);
        for (let b = 0; b < B; b++) seq.set([3, 4, b % 3 === 0 ? 1 : 2, 0, 0, 0], b * S); // every 3rd row already ended with EOS
        for (const pos of [0, 1, 2]) {
          const d = { temperature: T, seed: 1234, stream: STREAM.ppoSampling, iteration: 7, eos: 1, pad: 0 };
          const want = seq.slice();
          sampleCpu(want, logits, B, S, V, pos, P, d);
          const seqG = rt.tensorFrom(new Uint32Array(seq.buffer.slice(0)));
          const lg = rt.tensorFrom(logits);
          await rt.run('sample', (rec) => sampleNext(rec, seqG, lg, B, S, V, pos, P, d));
          const got = new Int32Array((await rt.readU32(seqG)).buffer);
          rt.free(seqG);
          rt.free(lg);
          expect(Array.from(got)).toEqual(Array.from(want));
          for (let b = 0; b < B; b++) {
            const live = pos < P || (seq[b * S + pos] !== 1 && seq[b * S + pos] !== 0);
            if (pos + 1 >= P && live) expect(got[b * S + pos + 1]).not.toBe(b % V); // the masked token is never drawn
          }
          seq.set(got);
        }
      }
    });

    it(`${v.name}: frequencies follow softmax(logits/T) (1024 rows, 4σ bound)`, async () => {
      const B = 1024, S = 2, V = 5, P = 1;
      const row = [1, 0, -1, 0.5, -1e9];
      const logits = new Float32Array(B * V);
      for (let b = 0; b < B; b++) logits.set(row, b * V);
      const seqG = rt.tensorFrom(new Uint32Array(B * S));
      const lg = rt.tensorFrom(logits);
      await rt.run('sample', (rec) => sampleNext(rec, seqG, lg, B, S, V, 0, P, { temperature: 0.8, seed: 9, stream: STREAM.ppoSampling, iteration: 0, eos: 1, pad: 0 }));
      const got = await rt.readU32(seqG);
      rt.free(seqG);
      rt.free(lg);
      const e = row.map((x) => Math.exp(x / 0.8));
      const tot = e.reduce((a, b) => a + b, 0);
      const counts = new Array(V).fill(0);
      for (let b = 0; b < B; b++) counts[got[b * S + 1]]++;
      expect(counts[4]).toBe(0);
      for (let j = 0; j < 4; j++) {
        const p = e[j] / tot;
        expect(Math.abs(counts[j] / B - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / B));
      }
    });

    it(`${v.name}: decode_embed equals the CPU reference`, async () => {
      const B = 3, S = 4, C = 7, V = 11;
      const wte = new Rng(1).normalArray(V * C), wpe = new Rng(2).normalArray(S * C);
      const seq = Int32Array.from([0, 5, 10, 3, 1, 1, 1, 1, 2, 9, 4, 6]);
      for (const pos of [0, 3]) {
        const want = new Float32Array(B * C);
        decodeEmbedCpu(want, seq, wte, wpe, B, S, C, V, pos);
        const [s, a, p, o] = [rt.tensorFrom(seq), rt.tensorFrom(wte), rt.tensorFrom(wpe), rt.tensor(B * C)];
        await rt.run('decode_embed', (rec) => decodeEmbed(rec, o, s, a, p, B, S, C, V, pos));
        expect(maxAbsDiff(await rt.read(o), want)).toBe(0);
        for (const t of [s, a, p, o]) rt.free(t);
      }
    });
  }
});
