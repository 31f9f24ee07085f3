// out[i] = value for i < n. Used to zero gradients before a backward pass (backward kernels accumulate).

override WG: u32 = 256;

struct Params {
  n: u32,
  value: f32,
}

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) { return; }
  out[i] = p.value;
}

// zero_many: t_k[i] = 0 for i < n_k, k = 0..6 — up to seven tensors zeroed by one dispatch (the
// gradients a backward pass accumulates into). Unused slots have n_k = 0 and are bound to distinct
// 64-element pieces of a scratch tensor (WebGPU forbids overlapping writable bindings).
struct ZeroParams {
  n0: u32, n1: u32, n2: u32, n3: u32, n4: u32, n5: u32, n6: u32,
}

@group(0) @binding(0) var<storage, read_write> t0: array<f32>;
@group(0) @binding(1) var<storage, read_write> t1: array<f32>;
@group(0) @binding(2) var<storage, read_write> t2: array<f32>;
@group(0) @binding(3) var<storage, read_write> t3: array<f32>;
@group(0) @binding(4) var<storage, read_write> t4: array<f32>;
@group(0) @binding(5) var<storage, read_write> t5: array<f32>;
@group(0) @binding(6) var<storage, read_write> t6: array<f32>;
@group(0) @binding(7) var<uniform> z: ZeroParams;

@compute @workgroup_size(WG)
fn zero_many(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i < z.n0) { t0[i] = 0.0; }
  if (i < z.n1) { t1[i] = 0.0; }
  if (i < z.n2) { t2[i] = 0.0; }
  if (i < z.n3) { t3[i] = 0.0; }
  if (i < z.n4) { t4[i] = 0.0; }
  if (i < z.n5) { t5[i] = 0.0; }
  if (i < z.n6) { t6[i] = 0.0; }
}
