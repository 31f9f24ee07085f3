// Row-wise softmax or log-softmax with temperature (docs/conventions.md §3: the same temperature divides
// actor, old-actor and reference logits).
//   logits (R, V) → out (R, V),  out = softmax(logits / T)  or  log_softmax(logits / T)
// One workgroup per row; threads stride over V, so V need not be a multiple of WG. Stable: the
// row max is subtracted before exp. Masked logits should be large negative (−1e9); −inf also works
// as long as each row has one finite logit.
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_max, wg_sum).

override WG: u32 = 64;
override LOG_OUTPUT: bool = false;

struct Params {
  rows: u32,
  V: u32,
  inv_temp: f32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) { return; } // workgroup-uniform, so the barriers below stay uniform
  let base = row * p.V;

  var m = -3.0e38;
  for (var j = ci.lid; j < p.V; j += WG) { m = max(m, logits[base + j] * p.inv_temp); }
  m = wg_max(m, ci);

  var s = 0.0;
  for (var j = ci.lid; j < p.V; j += WG) { s += exp(logits[base + j] * p.inv_temp - m); }
  s = wg_sum(s, ci);

  let log_s = log(s);
  let inv_s = 1.0 / s;
  for (var j = ci.lid; j < p.V; j += WG) {
    let z = logits[base + j] * p.inv_temp - m;
    if (LOG_OUTPUT) { out[base + j] = z - log_s; } else { out[base + j] = exp(z) * inv_s; }
  }
}
