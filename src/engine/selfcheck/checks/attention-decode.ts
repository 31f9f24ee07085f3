import { attentionForward as forwardCpu, attentionForwardErrorBound } from '../../cpu/attention';
import { attentionDecode } from '../../gpu/kernels/attention-decode';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// A short generation at the model's shape: S steps into a longer cache, recorded in one submission.
const B = 2, S = 12, C = 48, NH = 4, maxS = 16;

const qkvAll = () => new Rng(29).normalArray(B * S * 3 * C, 1.5); // (B, S, 3C)

// Tolerance: the largest per-element float32 error bound of the full-sequence forward's out
// (cpu/attention.ts; the decode does the same arithmetic), not a number fitted to observed errors.
function tolerance(): number {
  const A = B * NH * S * S;
  const out = new Float64Array(B * S * C);
  attentionForwardErrorBound(out, new Float64Array(A), new Float64Array(A), qkvAll(), B, S, C, NH);
  return out.reduce((m, x) => Math.max(m, x), 0);
}

export const attentionDecodeChecks: KernelCheck[] = [
  {
    kernel: 'attention_decode',
    what: `KV-cache decode, steps 0..${S - 1} vs full-sequence forward, B=${B} C=${C} NH=${NH} maxS=${maxS}`,
    tolerance: tolerance(),
    async run(rt) {
      const qkv = qkvAll();
      const steps = Array.from({ length: S }, (_, pos) => {
        const step = new Float32Array(B * 3 * C); // (B, 3C): position pos of every sequence
        for (let b = 0; b < B; b++) step.set(qkv.subarray((b * S + pos) * 3 * C, (b * S + pos + 1) * 3 * C), b * 3 * C);
        return rt.tensorFrom(step);
      });
      const outs = steps.map(() => rt.tensor(B * C));
      const kcache = rt.tensor(B * maxS * C), vcache = rt.tensor(B * maxS * C);
      await rt.run('selfcheck attention decode', (rec) => {
        for (let pos = 0; pos < S; pos++) attentionDecode(rec, outs[pos], kcache, vcache, steps[pos], B, C, NH, maxS, pos);
      });
      const got = (await rt.readMany(outs)).map((b) => new Float32Array(b));
      for (const v of [...steps, ...outs, kcache, vcache]) rt.free(v);
      const want = new Float32Array(B * S * C);
      forwardCpu(want, new Float32Array(B * NH * S * S), new Float32Array(B * NH * S * S), qkv, B, S, C, NH);
      let err = 0;
      for (let pos = 0; pos < S; pos++) {
        for (let b = 0; b < B; b++) {
          err = Math.max(err, maxAbsDiff(got[pos].subarray(b * C, (b + 1) * C), want.subarray((b * S + pos) * C, (b * S + pos + 1) * C)));
        }
      }
      return err;
    },
  },
];
