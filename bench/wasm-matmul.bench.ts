// The CPU engine's WebAssembly matmul kernels on the model's hot shapes (tiny and small presets,
// rollout/feedback batch N = 64·15 and a PPO minibatch N = 32·15, the decode step N = 64), in
// GFLOP/s, against a measured SIMD peak of this CPU: twelve chains of float32 four-lane a ← a·m + c
// in the same toolchain (src/engine/wasm/assembly/peak.ts) — the most the kernels' instruction mix
// (mul + add, wasm SIMD has no FMA) can reach on one core. Each figure: the median of 7 timed
// rounds (≥ 20 ms of work each) after a warm-up, the kernels *and the peak loop* measured in
// alternation (load from other processes falls on all alike); forward includes the per-call
// weight transpose. Load average printed.
// Run: npm run bench -- wasm-matmul
import { loadavg } from 'node:os';
import { matmulBackwardFast, matmulForwardFast } from '../src/engine/cpu/matmul-fast';
import { Rng } from '../src/engine/tensor/rng';
import { WasmKernels } from '../src/engine/wasm/kernels';
import { median } from './tfjs-common';

const k = WasmKernels.create();
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

/** ms per call of fn, median of 7 rounds of enough calls for ≥ 20 ms, after one such round of warm-up. */
function timeEach(fns: (() => void)[]): number[] {
  const reps = fns.map((fn) => {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 20) { fn(); n++; }
    return n;
  });
  const t: number[][] = fns.map(() => []);
  for (let round = 0; round < 7; round++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      for (let r = 0; r < reps[i]; r++) fn();
      t[i].push((performance.now() - t0) / reps[i]);
    });
  }
  return t.map(median);
}

console.log(`wasm-matmul load average ${load()}`);
const ITERS = 200_000;
const peakFlops = ITERS * 96;
const peaks: number[] = [];

const SHAPES = [
  ['tiny', 960, 48, 144, 'qkv'], ['tiny', 960, 48, 192, 'mlp fc'], ['tiny', 960, 192, 48, 'mlp proj'], ['tiny', 64, 48, 52, 'decode LM head'],
  ['small', 960, 128, 384, 'qkv'], ['small', 960, 128, 128, 'attn proj'], ['small', 960, 128, 512, 'mlp fc'], ['small', 960, 512, 128, 'mlp proj'],
  ['small', 480, 128, 512, 'mlp fc, minibatch'], ['small', 960, 128, 52, 'LM head'], ['small', 64, 128, 512, 'decode mlp fc'],
] as const;

const small: number[] = [];
for (const [preset, N, C, OC, what] of SHAPES) {
  const r = new Rng(N + C + OC);
  const x = { inp: r.normalArray(N * C), w: r.normalArray(OC * C), b: r.normalArray(OC), dout: r.normalArray(N * OC) };
  const t = (a: Float32Array) => { const v = k.arena.floats(a.length); v.set(a); return v; };
  const inp = t(x.inp), w = t(x.w), b = t(x.b), dout = t(x.dout), out = k.arena.floats(N * OC), dinp = k.arena.floats(N * C), dw = k.arena.floats(OC * C), db = k.arena.floats(OC);
  const jsOut = new Float32Array(N * OC), jsDinp = new Float32Array(N * C), jsDw = new Float32Array(OC * C), jsDb = new Float32Array(OC);
  const [peakMs, f32, f64, ts, b32, b64, bts] = timeEach([
    () => k.x.simdPeak(ITERS, 1.5),
    () => k.matmulForward(out, inp, w, b, N, C, OC, false),
    () => k.matmulForward(out, inp, w, b, N, C, OC, true),
    () => matmulForwardFast(jsOut, x.inp, x.w, x.b, N, C, OC),
    () => k.matmulBackward(dinp, dw, db, dout, inp, w, N, C, OC, false),
    () => k.matmulBackward(dinp, dw, db, dout, inp, w, N, C, OC, true),
    () => matmulBackwardFast(jsDinp, jsDw, jsDb, x.dout, x.inp, x.w, N, C, OC),
  ]);
  const g = (flops: number, ms: number) => flops / ms / 1e6;
  const F = 2 * N * C * OC;
  const peak = g(peakFlops, peakMs);
  peaks.push(peak);
  const pct = (gf: number) => `${((100 * gf) / peak).toFixed(0)}% of peak`;
  console.log(`wasm-matmul ${preset} ${what} N=${N} C=${C} OC=${OC} (peak loop alongside ${peak.toFixed(1)} GFLOP/s): forward f32x4 ${g(F, f32).toFixed(1)} GFLOP/s (${pct(g(F, f32))}), f64x2-exact ${g(F, f64).toFixed(1)}, TypeScript ${g(F, ts).toFixed(1)}; backward f32x4 ${g(2 * F, b32).toFixed(1)} (${pct(g(2 * F, b32))}), f64x2-exact ${g(2 * F, b64).toFixed(1)}, TypeScript ${g(2 * F, bts).toFixed(1)}`);
  if (preset === 'small') small.push(g(F, f32) / peak, g(2 * F, b32) / peak);
  for (const v of [inp, w, b, dout, out, dinp, dw, db]) k.arena.release(v);
}
const mean = small.reduce((a, b) => a + b, 0) / small.length;
console.log(`wasm-matmul SIMD peak (12 chains of f32x4 a·m + c): median ${median(peaks).toFixed(1)} GFLOP/s on one core (min ${Math.min(...peaks).toFixed(1)}, max ${Math.max(...peaks).toFixed(1)} over the shapes' rounds)`);
console.log(`wasm-matmul small shapes, f32x4: mean ${(100 * mean).toFixed(0)}% of the peak measured alongside (goal ≥ 40%), min ${(100 * Math.min(...small)).toFixed(0)}%; load average ${load()}`);
