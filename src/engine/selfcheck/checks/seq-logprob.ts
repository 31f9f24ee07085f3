import { seqLogprobBackward, seqLogprobForward } from '../../gpu/kernels/seq-logprob';
import { seqLogprobBackward as cpuBackward, seqLogprobForward as cpuForward } from '../../rl/seq-logprob';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const B = 37, T = 12;

// Forward row sums (|x| ≤ 20, T = 12: float32 error ≤ 12·2⁻²⁴·240 ≈ 2e-4 at worst) and the
// accumulating backward (one rounding per element).
export const seqLogprobChecks: KernelCheck[] = [{
  kernel: 'seq_logprob',
  what: `masked row sums B=${B} T=${T} and their backward, garbage at masked positions`,
  tolerance: 2e-4,
  async run(rt) {
    const rng = new Rng(44);
    const x = rng.uniformArray(B * T, -20, 0), mask = new Float32Array(B * T), dout = rng.normalArray(B), dx0 = rng.normalArray(B * T);
    for (let b = 0; b < B; b++) {
      const len = b % 9 === 0 ? 0 : 1 + rng.int(T);
      mask.fill(1, b * T, b * T + len);
      for (let t = len; t < T; t++) x[b * T + t] = 1e30;
    }
    const [gx, gm, gdout, gdx, gout] = [rt.tensorFrom(x), rt.tensorFrom(mask), rt.tensorFrom(dout), rt.tensorFrom(dx0), rt.tensor(B)];
    await rt.run('selfcheck seq_logprob', (rec) => {
      seqLogprobForward(rec, gout, gx, gm, B, T);
      seqLogprobBackward(rec, gdx, gdout, gm, B, T);
    });
    const [out, dx] = (await rt.readMany([gout, gdx])).map((b) => new Float32Array(b));
    for (const v of [gx, gm, gdout, gdx, gout]) rt.free(v);
    const wantOut = new Float32Array(B), wantDx = dx0.slice();
    cpuForward(wantOut, x, mask, B, T);
    cpuBackward(wantDx, dout, mask, B, T);
    return Math.max(maxAbsDiff(out, wantOut), maxAbsDiff(dx, wantDx));
  },
}];
