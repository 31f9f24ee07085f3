// Log-probability of the taken token and entropy per response position, and their backward
// (docs/conventions.md §3). Response row r = b·T + t reads the logits of the position BEFORE its token:
//   z = logits[b·S + P + t − 1, :] · inv_temp              // (V)
//   logprob[r] = z[tok] − logsumexp(z),  tok = seq[b·S + P + t]
//   entropy[r] = −Σ p log p = log s − Σ e_j (z_j − m) / s,  e_j = exp(z_j − m), s = Σ e_j, m = max z
// Backward (accumulates into the rows it read; prompt rows and position S−1 are never touched):
//   dz_j = g·(onehot_j − p_j) − h·p_j·(log p_j + H),  dlogits += dz · inv_temp
// where g = dlogprobs[r], h = dentropy[r]; ∂H/∂z_j = −p_j (log p_j + H) follows from ∂p_i/∂z_j =
// p_i (δ_ij − p_j). One workgroup per response row, threads striding over V (any V). Masked
// vocabulary entries should be −1e9; −inf also works (terms with p = 0 are skipped, never 0·inf).
// Tokens must lie in [0, V) (the CPU reference throws otherwise; here they are clamped to V − 1).
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_max, wg_sum).

override WG: u32 = 64;

struct Params {
  rows: u32, // B·T
  T: u32,
  S: u32,
  P: u32,
  V: u32,
  inv_temp: f32,
}

// One binding table for both entry points (each uses a subset; layouts are 'auto').
@group(0) @binding(0) var<storage, read> logits: array<f32>;       // (B, S, V)
@group(0) @binding(1) var<storage, read> seq: array<u32>;          // (B, S)
@group(0) @binding(2) var<storage, read> dlogprobs: array<f32>;    // (B, T)
@group(0) @binding(3) var<storage, read> dentropy: array<f32>;     // (B, T)
@group(0) @binding(4) var<storage, read_write> logprobs: array<f32>; // (B, T)
@group(0) @binding(5) var<storage, read_write> entropy: array<f32>;  // (B, T)
@group(0) @binding(6) var<storage, read_write> dlogits: array<f32>;  // (B, S, V)
@group(0) @binding(7) var<uniform> p: Params;

struct RowStats {
  m: f32,     // max_j z_j
  log_s: f32, // log Σ_j exp(z_j − m)
  h: f32,     // entropy
}

/** Softmax statistics of the logits row starting at `base`. Call from uniform control flow. */
fn row_stats(base: u32, ci: ComputeIn) -> RowStats {
  var m = -3.0e38;
  for (var j = ci.lid; j < p.V; j += WG) { m = max(m, logits[base + j] * p.inv_temp); }
  m = wg_max(m, ci);
  var s = 0.0;
  var sez = 0.0;
  for (var j = ci.lid; j < p.V; j += WG) {
    let d = logits[base + j] * p.inv_temp - m;
    let e = exp(d);
    s += e;
    if (e > 0.0) { sez += e * d; } // e = 0 for −inf logits, where e·d would be NaN
  }
  s = wg_sum(s, ci);
  sez = wg_sum(sez, ci);
  let log_s = log(s);
  return RowStats(m, log_s, log_s - sez / s);
}

// Start of the logits row read by response row `row` = b·T + t, and the token it scores.
fn row_base(row: u32) -> u32 {
  let b = row / p.T;
  let t = row - b * p.T;
  return (b * p.S + p.P + t - 1u) * p.V;
}

fn row_token(row: u32) -> u32 {
  let b = row / p.T;
  let t = row - b * p.T;
  return min(seq[b * p.S + p.P + t], p.V - 1u);
}

@compute @workgroup_size(WG)
fn forward(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) { return; } // workgroup-uniform, so the reductions stay uniform
  let base = row_base(row);
  let st = row_stats(base, ci);
  if (ci.lid == 0u) {
    logprobs[row] = logits[base + row_token(row)] * p.inv_temp - st.m - st.log_s;
    entropy[row] = st.h;
  }
}

@compute @workgroup_size(WG)
fn backward(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) { return; }
  let g = dlogprobs[row];
  let h = dentropy[row];
  if (g == 0.0 && h == 0.0) { return; } // masked position: nothing to add (uniform: read-only load)
  let base = row_base(row);
  let st = row_stats(base, ci);
  let tok = row_token(row);
  for (var j = ci.lid; j < p.V; j += WG) {
    let logp = logits[base + j] * p.inv_temp - st.m - st.log_s;
    let pj = exp(logp);
    var dz = -g * pj;
    if (j == tok) { dz += g; }
    if (pj > 0.0) { dz -= h * pj * (logp + st.h); }
    dlogits[base + j] += dz * p.inv_temp;
  }
}
