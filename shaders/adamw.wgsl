// AdamW step with bias correction and global gradient-norm clipping (src/engine/cpu/adamw.ts has the maths).
//   norm_partial: partial[g] = Σ grads[i]² over i ≡ g·WG + lid (mod G·WG)   (G workgroups)
//   norm_final:   norm_out[0] = Σ_g partial[g]                               (1 workgroup)
//   update:       per element, g = grads·min(1, max_norm/(√norm_in[0] + 1e-6)) (no clip if max_norm ≤ 0);
//                 m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;
//                 param −= lr·((m/bc1) / (√(v/bc2) + eps) + wd·param),  bc = 1 − β^t (from the CPU, per step)
// The norm is a two-stage tree reduction with a fixed G, so the same gradients always give the same
// bits (no atomics), and the update reads it from GPU memory: no read-back per step.
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_sum).

override WG: u32 = 256;

struct NormParams {
  n: u32,
  G: u32,
}

struct UpdateParams {
  n: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  omb1: f32, // 1 − β1 and 1 − β2, computed in float64 on the CPU: 1 − 0.999f in float32 is off by 1.3e-5 (relative)
  omb2: f32,
  eps: f32,
  wd: f32,
  bc1: f32,
  bc2: f32,
  max_norm: f32,
}

@group(0) @binding(0) var<storage, read> grads: array<f32>;           // (n)   norm_partial, update
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;   // (G)   norm_partial
@group(0) @binding(2) var<uniform> pn: NormParams;                    //       norm_partial, norm_final

@group(0) @binding(0) var<storage, read> partial_in: array<f32>;      // (G)   norm_final
@group(0) @binding(1) var<storage, read_write> norm_out: array<f32>;  // (1)   norm_final

@group(0) @binding(1) var<storage, read> norm_in: array<f32>;         // (1)   update
@group(0) @binding(2) var<storage, read_write> params: array<f32>;    // (n)   update
@group(0) @binding(3) var<storage, read_write> m: array<f32>;         // (n)   update
@group(0) @binding(4) var<storage, read_write> v: array<f32>;         // (n)   update
@group(0) @binding(5) var<uniform> pu: UpdateParams;                  //       update

@compute @workgroup_size(WG)
fn norm_partial(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u) {
  var s = 0.0;
  for (var i = wid.x * WG + ci.lid; i < pn.n; i += pn.G * WG) { let g = grads[i]; s += g * g; }
  s = wg_sum(s, ci);
  if (ci.lid == 0u) { partial[wid.x] = s; }
}

@compute @workgroup_size(WG)
fn norm_final(ci: ComputeIn) {
  var s = 0.0;
  for (var i = ci.lid; i < pn.G; i += WG) { s += partial_in[i]; }
  s = wg_sum(s, ci);
  if (ci.lid == 0u) { norm_out[0] = s; }
}

@compute @workgroup_size(WG)
fn update(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= pu.n) { return; }
  var g = grads[i];
  if (pu.max_norm > 0.0) { g *= min(1.0, pu.max_norm / (sqrt(norm_in[0]) + 1e-6)); }
  let mi = pu.beta1 * m[i] + pu.omb1 * g;
  let vi = pu.beta2 * v[i] + pu.omb2 * g * g;
  m[i] = mi;
  v[i] = vi;
  let x = params[i];
  params[i] = x - pu.lr * ((mi / pu.bc1) / (sqrt(vi / pu.bc2) + pu.eps) + pu.wd * x);
}
