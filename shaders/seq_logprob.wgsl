// Sequence log-probabilities: masked row sums of per-token log-probs (DPO's logps, RLOO's
// sequence ratio; docs/algorithms.md; CPU reference src/engine/rl/seq-logprob.ts).
//   forward:  out[b] = Σ_t m[b,t]·x[b,t]  (one invocation per row; masked positions skipped)
//   backward: dx[b,t] += m[b,t]·dout[b]   (one invocation per element; accumulates)

struct Params {
  B: u32,
  T: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>; // forward: x (B,T); backward: dout (B)
@group(0) @binding(1) var<storage, read> mask: array<f32>; // (B,T)
@group(0) @binding(2) var<storage, read_write> out: array<f32>; // forward: (B); backward: dx (B,T)
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn forward(@builtin(global_invocation_id) id: vec3<u32>) {
  let b = id.x;
  if (b >= p.B) { return; }
  var s = 0.0;
  for (var t = 0u; t < p.T; t++) {
    let m = mask[b * p.T + t];
    if (m != 0.0) { s += m * x[b * p.T + t]; }
  }
  out[b] = s;
}

@compute @workgroup_size(64)
fn backward(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = id.x + id.y * nwg.x * 64u;
  if (i >= p.B * p.T) { return; }
  let m = mask[i];
  if (m != 0.0) { out[i] += m * x[i / p.T]; }
}
