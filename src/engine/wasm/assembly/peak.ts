// The measured SIMD peak of this CPU for bench/wasm-matmul.bench.ts: float32 multiply-adds in
// four lanes with twelve independent accumulators (acc += x·y, the inner step of a matrix product,
// with no loads), so the loop is bound by the multiply and add units, not by latency or memory.

/** Runs `iters` rounds of 12 vector multiply-adds (96 flops each); returns a lane so nothing is dead code. */
export function simdPeak(iters: i32, seed: f32): f32 {
  const x = f32x4.splat(seed), y = f32x4.splat(0.999);
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
  let x0 = x, x1 = f32x4.add(x, y), x2 = f32x4.sub(x, y);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(a0, f32x4.mul(x0, y)); a1 = f32x4.add(a1, f32x4.mul(x1, y)); a2 = f32x4.add(a2, f32x4.mul(x2, y));
    a3 = f32x4.add(a3, f32x4.mul(x0, x1)); a4 = f32x4.add(a4, f32x4.mul(x1, x2)); a5 = f32x4.add(a5, f32x4.mul(x2, x0));
    a6 = f32x4.add(a6, f32x4.mul(x0, x0)); a7 = f32x4.add(a7, f32x4.mul(x1, x1)); a8 = f32x4.add(a8, f32x4.mul(x2, x2));
    a9 = f32x4.add(a9, f32x4.mul(x0, y)); a10 = f32x4.add(a10, f32x4.mul(x1, y)); a11 = f32x4.add(a11, f32x4.mul(x2, y));
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))), 0);
}
