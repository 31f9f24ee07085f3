import { encoderBackward as encoderBackwardCpu, encoderForward as encoderForwardCpu } from '../../cpu/encoder';
import { encoderBackward, encoderForward } from '../../gpu/kernels/encoder';
import { maxAbsDiff, maxScaledDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const B = 3, S = 9, C = 48, V = 52, maxS = 12;

/** Tokens with repeats and a few out-of-range ids (−1, V), which both sides skip. */
function inputs() {
  const rng = new Rng(51);
  const tokens = Int32Array.from({ length: B * S }, (_, i) => (i === 4 ? -1 : i === 11 ? V : rng.int(V)));
  return { tokens, wte: rng.normalArray(V * C), wpe: rng.normalArray(maxS * C), dout: rng.normalArray(B * S * C, 50), dwte0: rng.normalArray(V * C), dwpe0: rng.normalArray(maxS * C) };
}

export const encoderChecks: KernelCheck[] = [
  {
    kernel: 'encoder',
    what: `forward B=${B} S=${S} C=${C} V=${V}, out-of-range tokens skipped`,
    tolerance: 1e-6, // one correctly rounded float32 addition: any real bug is far larger
    async run(rt) {
      const x = inputs();
      const vt = rt.tensorFrom(x.tokens), vte = rt.tensorFrom(x.wte), vpe = rt.tensorFrom(x.wpe), out = rt.tensor(B * S * C);
      await rt.run('selfcheck encoder forward', (rec) => encoderForward(rec, out, vt, vte, vpe, B, S, C));
      const got = await rt.read(out);
      [vt, vte, vpe, out].forEach((v) => rt.free(v));
      const want = new Float32Array(B * S * C);
      encoderForwardCpu(want, x.tokens, x.wte, x.wpe, B, S, C);
      return maxAbsDiff(got, want);
    },
  },
  {
    kernel: 'encoder',
    what: `backward (dwte, dwpe) B=${B} S=${S} C=${C} V=${V}, ±50 gradients, relative to max(1, |CPU|)`,
    tolerance: 1e-5,
    async run(rt) {
      const x = inputs();
      const vt = rt.tensorFrom(x.tokens), vd = rt.tensorFrom(x.dout), dwte = rt.tensorFrom(x.dwte0), dwpe = rt.tensorFrom(x.dwpe0);
      await rt.run('selfcheck encoder backward', (rec) => encoderBackward(rec, dwte, dwpe, vd, vt, B, S, C));
      const [gotTe, gotPe] = (await rt.readMany([dwte, dwpe])).map((b) => new Float32Array(b));
      [vt, vd, dwte, dwpe].forEach((v) => rt.free(v));
      const wantTe = Float32Array.from(x.dwte0), wantPe = Float32Array.from(x.dwpe0);
      encoderBackwardCpu(wantTe, wantPe, x.dout, x.tokens, B, S, C);
      return Math.max(maxScaledDiff(gotTe, wantTe), maxScaledDiff(gotPe, wantPe));
    },
  },
];
