// Layer normalisation over the last axis, llm.c layernorm_forward / layernorm_backward. eps from Params (1e-5).
//   forward:  out (N,C) = (inp − mean)·rstd·weight + bias; saves mean (N), rstd (N)
//   backward_inp:    dinp (N,C) += rstd·(g − mean(g) − x̂·mean(g·x̂)),  g = weight·dout, x̂ = (inp − mean)·rstd
//   backward_params: dweight (C) += Σ_n x̂·dout,  dbias (C) += Σ_n dout
// forward and backward_inp: one workgroup per row, threads stride over C. backward_params: one
// workgroup per channel, threads stride over rows, then a tree reduction — deterministic, no atomics.
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_sum).

override WG: u32 = 64;

struct Params {
  N: u32,
  C: u32,
  eps: f32,
}

// forward
@group(0) @binding(0) var<storage, read> inp: array<f32>;         // (N, C) — shared with the backward entries
@group(0) @binding(1) var<storage, read> weight: array<f32>;      // (C)
@group(0) @binding(2) var<storage, read> bias: array<f32>;        // (C)
@group(0) @binding(3) var<storage, read_write> out: array<f32>;   // (N, C)
@group(0) @binding(4) var<storage, read_write> mean: array<f32>;  // (N)
@group(0) @binding(5) var<storage, read_write> rstd: array<f32>;  // (N)
@group(0) @binding(6) var<uniform> p: Params;                     // shared by all entry points

// backward_inp / backward_params (same binding numbers, other variables)
@group(0) @binding(1) var<storage, read> dout: array<f32>;           // (N, C)
@group(0) @binding(2) var<storage, read> mean_in: array<f32>;        // (N)
@group(0) @binding(3) var<storage, read> rstd_in: array<f32>;        // (N)
@group(0) @binding(4) var<storage, read> weight_in: array<f32>;      // (C)      backward_inp
@group(0) @binding(5) var<storage, read_write> dinp: array<f32>;     // (N, C)   backward_inp
@group(0) @binding(4) var<storage, read_write> dweight: array<f32>;  // (C)      backward_params
@group(0) @binding(5) var<storage, read_write> dbias: array<f32>;    // (C)      backward_params

@compute @workgroup_size(WG)
fn forward(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; } // workgroup-uniform, so the reductions below stay uniform
  let base = row * p.C;
  let fc = f32(p.C);

  // Shifted sums: subtracting the row's first value first makes a constant row give exactly
  // x − mean = 0 (var 0, out = bias) and keeps float32 cancellation small for rows with a large offset.
  let k = inp[base];
  var s = 0.0;
  for (var j = ci.lid; j < p.C; j += WG) { s += inp[base + j] - k; }
  let m = k + wg_sum(s, ci) / fc;

  var q = 0.0;
  for (var j = ci.lid; j < p.C; j += WG) { let d = inp[base + j] - m; q += d * d; }
  let r = 1.0 / sqrt(wg_sum(q, ci) / fc + p.eps);

  for (var j = ci.lid; j < p.C; j += WG) { out[base + j] = (inp[base + j] - m) * r * weight[j] + bias[j]; }
  if (ci.lid == 0u) { mean[row] = m; rstd[row] = r; }
}

@compute @workgroup_size(WG)
fn backward_inp(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.N) { return; }
  let base = row * p.C;
  let m = mean_in[row];
  let r = rstd_in[row];

  var g_sum = 0.0;
  var gx_sum = 0.0;
  for (var j = ci.lid; j < p.C; j += WG) {
    let g = weight_in[j] * dout[base + j];
    g_sum += g;
    gx_sum += g * (inp[base + j] - m) * r;
  }
  let g_mean = wg_sum(g_sum, ci) / f32(p.C);
  let gx_mean = wg_sum(gx_sum, ci) / f32(p.C);

  for (var j = ci.lid; j < p.C; j += WG) {
    let xhat = (inp[base + j] - m) * r;
    dinp[base + j] += r * (weight_in[j] * dout[base + j] - g_mean - xhat * gx_mean);
  }
}

@compute @workgroup_size(WG)
fn backward_params(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = wid.x + wid.y * nwg.x;
  if (c >= p.C) { return; }
  // Threads read a column (stride C): uncoalesced, but C·N is small next to the matmuls around it.
  var dw = 0.0;
  var db = 0.0;
  for (var n = ci.lid; n < p.N; n += WG) {
    let d = dout[n * p.C + c];
    dw += (inp[n * p.C + c] - mean_in[n]) * rstd_in[n] * d;
    db += d;
  }
  dw = wg_sum(dw, ci);
  db = wg_sum(db, ci);
  if (ci.lid == 0u) {
    dweight[c] += dw;
    dbias[c] += db;
  }
}
