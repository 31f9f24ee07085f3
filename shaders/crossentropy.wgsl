// Fused softmax + negative log-likelihood for SFT, llm.c softmax_forward + crossentropy_*.
//   forward:  probs (N,V) = softmax(logits) per row; losses (N) = −log probs[n, target[n]]
//   backward: dlogits (N,V) += dlosses[n] · (probs − onehot(target[n]))
// A target outside [0, V) (−1 = ignored row: prompt or padding) gives loss 0 and no gradient; its
// probs are still written. The loss uses log-sum-exp (log s − (z_t − max)), exact where probs[t]
// underflows. forward: one workgroup per row, threads stride over V (V need not be a multiple of WG).
// backward: one invocation per logit. Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_max, wg_sum).

override WG: u32 = 64;

struct Params {
  N: u32,
  V: u32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;        // (N, V)   forward
@group(0) @binding(1) var<storage, read> targets: array<i32>;       // (N)      both
@group(0) @binding(2) var<storage, read_write> losses: array<f32>;  // (N)      forward
@group(0) @binding(3) var<storage, read_write> probs: array<f32>;   // (N, V)   forward
@group(0) @binding(4) var<uniform> p: Params;                       //          both

@group(0) @binding(0) var<storage, read> probs_in: array<f32>;      // (N, V)   backward
@group(0) @binding(2) var<storage, read> dlosses: array<f32>;        // (N)      backward
@group(0) @binding(3) var<storage, read_write> dlogits: array<f32>; // (N, V)   backward

fn target_of(row: u32) -> i32 {
  let t = targets[row];
  if (t >= 0 && u32(t) < p.V) { return t; }
  return -1;
}

@compute @workgroup_size(WG)
fn forward(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // workgroup-uniform, so the reductions below stay uniform
  let base = row * p.V;

  var m = -3.0e38;
  for (var j = ci.lid; j < p.V; j += WG) { m = max(m, logits[base + j]); }
  m = wg_max(m, ci);

  var s = 0.0;
  for (var j = ci.lid; j < p.V; j += WG) { s += exp(logits[base + j] - m); }
  s = wg_sum(s, ci);

  let inv_s = 1.0 / s;
  for (var j = ci.lid; j < p.V; j += WG) { probs[base + j] = exp(logits[base + j] - m) * inv_s; }

  if (ci.lid == 0u) {
    let t = target_of(row);
    var loss = 0.0;
    if (t >= 0) { loss = log(s) - (logits[base + u32(t)] - m); }
    losses[row] = loss;
  }
}

@compute @workgroup_size(WG)
fn backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.N * p.V) { return; }
  let row = i / p.V;
  let t = target_of(row);
  if (t < 0) { return; } // ignored row: no gradient
  let onehot = select(0.0, 1.0, u32(t) == i % p.V);
  dlogits[i] += dlosses[row] * (probs_in[i] - onehot);
}
