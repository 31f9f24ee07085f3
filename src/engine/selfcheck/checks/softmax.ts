import { softmaxForward as softmaxCpu } from '../../cpu/softmax';
import { softmaxForward } from '../../gpu/kernels/softmax';
import { maxAbsDiff } from '../../tensor/compare';
import { Rng } from '../../tensor/rng';
import type { KernelCheck } from '../types';

const R = 6, V = 53, T = 0.8;

function inputs(): Float32Array {
  const x = new Rng(11).normalArray(R * V, 4);
  for (let j = 0; j < V; j += 4) x[j] = -1e9; // masked vocabulary entries in row 0
  return x;
}

export const softmaxChecks: KernelCheck[] = [false, true].map((log) => ({
  kernel: 'softmax',
  what: `${log ? 'log-softmax' : 'softmax'} R=${R} V=${V} T=${T}, −1e9 masks`,
  tolerance: log ? 2e-5 : 2e-6,
  async run(rt) {
    const x = inputs();
    const inp = rt.tensorFrom(x);
    const out = rt.tensor(R * V);
    await rt.run('selfcheck softmax', (rec) => softmaxForward(rec, out, inp, R, V, T, log));
    const got = await rt.read(out);
    rt.free(inp);
    rt.free(out);
    const want = new Float32Array(R * V);
    softmaxCpu(want, x, R, V, T, log);
    return maxAbsDiff(got, want);
  },
}));
