// Residual connection, llm.c residual_forward / residual_backward (n elements).
//   forward:  out = a + b
//   backward: da += dout, db += dout

override WG: u32 = 256;

struct Params {
  n: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;           // forward
@group(0) @binding(1) var<storage, read> b: array<f32>;           // forward
@group(0) @binding(2) var<storage, read_write> out: array<f32>;   // forward
@group(0) @binding(3) var<uniform> p: Params;                     // both

@group(0) @binding(0) var<storage, read> dout: array<f32>;        // backward
@group(0) @binding(1) var<storage, read_write> da: array<f32>;    // backward
@group(0) @binding(2) var<storage, read_write> db: array<f32>;    // backward

@compute @workgroup_size(WG)
fn forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) { return; }
  out[i] = a[i] + b[i];
}

@compute @workgroup_size(WG)
fn backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) { return; }
  let d = dout[i];
  da[i] += d;
  db[i] += d;
}
