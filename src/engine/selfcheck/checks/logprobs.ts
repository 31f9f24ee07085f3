import { logprobsBackward, logprobsForward } from '../../gpu/kernels/logprobs';
import { logprobsBackward as backwardCpu, logprobsForward as forwardCpu } from '../../rl/logprobs';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// B=2, prompt 3, response 4, V=53 (not a multiple of the workgroup size), temperature ≠ 1.
const B = 2, P = 3, T = 4, S = P + T, V = 53, TEMP = 0.8;

function inputs() {
  const rng = new Rng(12);
  const logits = rng.normalArray(B * S * V, 4);
  for (let j = 0; j < V; j += 4) logits[(P - 1) * V + j] = -1e9; // masked vocabulary in row (0, t=0)
  const seq = new Int32Array(B * S).map(() => rng.int(V));
  const dlogprobs = rng.normalArray(B * T), dentropy = rng.normalArray(B * T);
  dlogprobs[T + 1] = 0; dentropy[T + 1] = 0; // a masked position
  return { logits, seq, dlogprobs, dentropy, prior: rng.normalArray(B * S * V) };
}

export const logprobsChecks: KernelCheck[] = [
  {
    kernel: 'logprobs',
    what: `forward logprob + entropy B=${B} P=${P} T=${T} V=${V} temperature=${TEMP}, −1e9 masks`,
    tolerance: 1e-5,
    async run(rt) {
      const q = inputs();
      const logits = rt.tensorFrom(q.logits), seq = rt.tensorFrom(q.seq);
      const lp = rt.tensor(B * T), ent = rt.tensor(B * T);
      await rt.run('selfcheck logprobs', (rec) => logprobsForward(rec, lp, ent, logits, seq, B, T, S, P, V, TEMP));
      const [a, b] = await rt.readMany([lp, ent]);
      for (const v of [logits, seq, lp, ent]) rt.free(v);
      const wantLp = new Float32Array(B * T), wantEnt = new Float32Array(B * T);
      forwardCpu(wantLp, wantEnt, q.logits, q.seq, B, T, S, P, V, TEMP);
      return Math.max(maxAbsDiff(new Float32Array(a), wantLp), maxAbsDiff(new Float32Array(b), wantEnt));
    },
  },
  {
    kernel: 'logprobs',
    what: `backward (accumulating) B=${B} P=${P} T=${T} V=${V} temperature=${TEMP}, a masked position`,
    tolerance: 1e-5,
    async run(rt) {
      const q = inputs();
      const logits = rt.tensorFrom(q.logits), seq = rt.tensorFrom(q.seq);
      const g = rt.tensorFrom(q.dlogprobs), h = rt.tensorFrom(q.dentropy), d = rt.tensorFrom(q.prior);
      await rt.run('selfcheck logprobs backward', (rec) => logprobsBackward(rec, d, g, h, logits, seq, B, T, S, P, V, TEMP));
      const got = await rt.read(d);
      for (const v of [logits, seq, g, h, d]) rt.free(v);
      const want = q.prior.slice();
      backwardCpu(want, q.dlogprobs, q.dentropy, q.logits, q.seq, B, T, S, P, V, TEMP);
      return maxAbsDiff(got, want);
    },
  },
];
