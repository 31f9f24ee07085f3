import { afterAll, describe, expect, it } from 'vitest';
import { dpoLoss as cpu } from '../../rl/dpo-loss';
import { Rng } from '../../tensor/rng';
import { destroyAll, gpuVariants } from '../testing/gpu-variants';
import { DPO_STATS, dpoLoss } from './dpo-loss';

const variants = await gpuVariants();
afterAll(() => destroyAll(variants));
type Rt = (typeof variants)[number]['rt'];
const U = 2 ** -24;

async function runGpu(rt: Rt, logps: Float32Array, ref: Float32Array, lengths: Float32Array, N: number, beta: number, lossType: 'sigmoid' | 'ipo') {
  const ins = [logps, ref, lengths].map((x) => rt.tensorFrom(x));
  const grad = rt.tensor(2 * N), stats = rt.tensor(DPO_STATS.length);
  await rt.run('dpo_loss', (rec) => dpoLoss(rec, grad, stats, ins[0], ins[1], ins[2], N, beta, lossType));
  const [g, s] = (await rt.readMany([grad, stats])).map((b) => new Float32Array(b));
  for (const v of [...ins, grad, stats]) rt.free(v);
  return { grad: g, stats: s };
}

// Tolerance: the margin h is a few correctly rounded subtractions of log-probs up to |L| = 60 nats,
// so |ĥ − h| ≤ 4u·Σ|ℓ|; σ and log σ add a few ULP (WGSL exp/log: 3 + 2|x| ULP). Gradients:
// relative (24 + 4|βh|)·u plus β·4u·Σ|ℓ|/N for the margin's own error; sums over N add N·u·Σ|term|.
describe.skipIf(variants.length === 0)('dpo_loss kernel (GPU vs CPU)', () => {
  for (const v of variants) {
    describe(v.name, () => {
      for (const lossType of ['sigmoid', 'ipo'] as const) {
        for (const [N, beta, spread] of [[1, 0.1, 1], [37, 0.1, 3], [300, 0.5, 20]] as const) {
          it(`${lossType} N=${N} β=${beta}, log-ratios ±${spread}: gradient and stats`, async () => {
            const rng = new Rng(N * 13 + spread);
            const logps = rng.uniformArray(2 * N, -60, -1), ref = Float32Array.from(logps, (x) => x + spread * (2 * rng.uniform() - 1));
            const lengths = Float32Array.from({ length: 2 * N }, (_, i) => (i % 11 === 0 ? 0 : 1 + rng.int(12)));
            const got = await runGpu(v.rt, logps, ref, lengths, N, beta, lossType);
            const want = new Float64Array(2 * N);
            const s = cpu(want, Float64Array.from(logps), Float64Array.from(ref), Float64Array.from(lengths), N, beta, lossType);
            let absLoss = 0;
            for (let i = 0; i < N; i++) {
              const marginErr = 4 * U * (Math.abs(logps[i]) + Math.abs(ref[i]) + Math.abs(logps[N + i]) + Math.abs(ref[N + i]));
              const h = Math.abs(beta * (logps[i] - ref[i] - logps[N + i] + ref[N + i]));
              const scale = lossType === 'sigmoid' ? beta : 2 / Math.max(1, Math.min(lengths[i], lengths[N + i]));
              for (const j of [i, N + i]) {
                const tol = (24 + 4 * h) * U * Math.abs(want[j]) + (scale * (beta + 2) * marginErr) / N + 1e-12;
                expect(Math.abs(got.grad[j] - want[j]), `pair ${i}`).toBeLessThanOrEqual(tol);
              }
              absLoss += lossType === 'sigmoid' ? h + 1 : (h + 1 / beta) ** 2;
            }
            expect(Math.abs(got.stats[DPO_STATS.loss] - s.loss)).toBeLessThanOrEqual(((N + 30) * U * absLoss) / N + 1e-6);
            const rs = (beta * 4 * (spread + 60) * (N + 8) * U);
            expect(Math.abs(got.stats[DPO_STATS.rewardsChosen] - s.rewardsChosen)).toBeLessThanOrEqual(rs);
            expect(Math.abs(got.stats[DPO_STATS.rewardsRejected] - s.rewardsRejected)).toBeLessThanOrEqual(rs);
            expect(Math.abs(got.stats[DPO_STATS.margins] - s.margins)).toBeLessThanOrEqual(2 * rs);
            expect(got.stats[DPO_STATS.accuracies]).toBeCloseTo(s.accuracies, 6);
          });
        }
      }

      it('extreme margins (±5000 nats): finite loss and gradients', async () => {
        const logps = Float32Array.from([0, -5000, -5000, 0]);
        const got = await runGpu(v.rt, logps, new Float32Array(4), Float32Array.from([1, 1, 1, 1]), 2, 0.1, 'sigmoid');
        expect(got.grad.every(Number.isFinite)).toBe(true);
        expect(got.stats[DPO_STATS.loss]).toBeCloseTo(250, 2);
        expect(got.stats[DPO_STATS.accuracies]).toBe(0.5);
      });

      it('N = 0 writes zero stats', async () => {
        const got = await runGpu(v.rt, new Float32Array(1), new Float32Array(1), new Float32Array(1), 0, 0.1, 'sigmoid');
        expect([...got.stats]).toEqual([0, 0, 0, 0, 0]);
      });
    });
  }
});
