// The adapter's measured arithmetic peak for bench/matmul.bench.ts: every invocation runs ITERS
// rounds of 8 independent vec4 multiply-adds (a ← a·m + c, 64 flops per round), with nothing to
// load, so the kernel is bound by the adapter's float units — the ceiling for a GEMM.
override ITERS: u32 = 256;

@group(0) @binding(0) var<storage, read_write> sink: array<f32>;

@compute @workgroup_size(64)
fn peak(@builtin(global_invocation_id) gid: vec3u) {
  let s = f32(gid.x % 7u) * 0.001;
  var a0 = vec4f(s); var a1 = vec4f(s + 0.1); var a2 = vec4f(s + 0.2); var a3 = vec4f(s + 0.3);
  var a4 = vec4f(s + 0.4); var a5 = vec4f(s + 0.5); var a6 = vec4f(s + 0.6); var a7 = vec4f(s + 0.7);
  let m = vec4f(0.999);
  let c = vec4f(0.001);
  for (var i = 0u; i < ITERS; i++) {
    a0 = fma(a0, m, c); a1 = fma(a1, m, c); a2 = fma(a2, m, c); a3 = fma(a3, m, c);
    a4 = fma(a4, m, c); a5 = fma(a5, m, c); a6 = fma(a6, m, c); a7 = fma(a7, m, c);
  }
  let t = (a0 + a1) + (a2 + a3) + (a4 + a5) + (a6 + a7);
  if (t.x == 12345.0) { sink[gid.x] = t.y; } // never true; keeps the loop alive
}
