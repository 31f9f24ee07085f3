import {
  attentionBackward as backwardCpu, attentionBackwardErrorBound, attentionForward as forwardCpu, attentionForwardErrorBound,
} from '../../cpu/attention';
import { attentionBackward, attentionForward } from '../../gpu/kernels/attention';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

// The model's attention shape (C = 48, NH = 4, so hs = 12) at a sequence length that is not a power
// of two (B·NH·S = 152 rows: two full workgroups of invocations and a partial one).
const B = 2, S = 19, C = 48, NH = 4, A = B * NH * S * S;

function inputs() {
  const r = new Rng(23);
  return {
    qkv: r.normalArray(B * S * 3 * C, 1.5), dout: r.normalArray(B * S * C),
    dqkv0: r.normalArray(B * S * 3 * C), dpre0: r.normalArray(A), datt0: r.normalArray(A),
  };
}

function cpuForward(qkv: Float32Array) {
  const out = new Float32Array(B * S * C), preatt = new Float32Array(A), att = new Float32Array(A);
  forwardCpu(out, preatt, att, qkv, B, S, C, NH);
  return { out, preatt, att };
}

// Tolerance: the largest per-element float32 error bound of cpu/attention.ts (first-order
// rounding-error propagation from these inputs, ×2), not a number fitted to observed errors.
const maxOf = (...arrays: Float64Array[]) => Math.max(...arrays.map((a) => a.reduce((m, x) => Math.max(m, x), 0)));

function forwardTolerance(): number {
  const b = { out: new Float64Array(B * S * C), preatt: new Float64Array(A), att: new Float64Array(A) };
  attentionForwardErrorBound(b.out, b.preatt, b.att, inputs().qkv, B, S, C, NH);
  return maxOf(b.out, b.preatt, b.att);
}

function backwardTolerance(): number {
  const x = inputs();
  const b = { dqkv: new Float64Array(B * S * 3 * C), dpre: new Float64Array(A), datt: new Float64Array(A) };
  attentionBackwardErrorBound(b.dqkv, b.dpre, b.datt, x.dout, x.qkv, cpuForward(x.qkv).att, x.dqkv0, x.dpre0, x.datt0, B, S, C, NH);
  return maxOf(b.dqkv, b.dpre, b.datt);
}

export const attentionChecks: KernelCheck[] = [
  {
    kernel: 'attention',
    what: `forward (out, preatt, att), B=${B} S=${S} C=${C} NH=${NH}`,
    tolerance: forwardTolerance(),
    async run(rt) {
      const x = inputs();
      const qkv = rt.tensorFrom(x.qkv), out = rt.tensor(B * S * C), preatt = rt.tensor(A), att = rt.tensor(A);
      await rt.run('selfcheck attention forward', (rec) => attentionForward(rec, out, preatt, att, qkv, B, S, C, NH));
      const got = (await rt.readMany([out, preatt, att])).map((b) => new Float32Array(b));
      for (const v of [qkv, out, preatt, att]) rt.free(v);
      const want = cpuForward(x.qkv);
      return Math.max(maxAbsDiff(got[0], want.out), maxAbsDiff(got[1], want.preatt), maxAbsDiff(got[2], want.att));
    },
  },
  {
    kernel: 'attention',
    what: `backward (dqkv, dpreatt, datt; accumulating), B=${B} S=${S} C=${C} NH=${NH}`,
    tolerance: backwardTolerance(),
    async run(rt) {
      const x = inputs();
      const { att: attCpu } = cpuForward(x.qkv);
      const views = [x.dout, x.qkv, attCpu, x.dqkv0, x.dpre0, x.datt0].map((a) => rt.tensorFrom(a));
      const [dout, qkv, att, dqkv, dpreatt, datt] = views;
      await rt.run('selfcheck attention backward', (rec) => attentionBackward(rec, dqkv, dpreatt, datt, dout, qkv, att, B, S, C, NH));
      const got = (await rt.readMany([dqkv, dpreatt, datt])).map((b) => new Float32Array(b));
      for (const v of views) rt.free(v);
      const want = [x.dqkv0.slice(), x.dpre0.slice(), x.datt0.slice()];
      backwardCpu(want[0], want[1], want[2], x.dout, x.qkv, attCpu, B, S, C, NH);
      return Math.max(...got.map((g, i) => maxAbsDiff(g, want[i])));
    },
  },
];
