// Layer normalisation over the last axis, llm.c layernorm_forward / layernorm_backward. eps from Params (1e-5).
//   forward:          out (N,C) = (inp − mean)·rstd·weight + bias; saves mean (N), rstd (N)
//   residual_forward: res = a + b (the residual connection before it), then forward on res — one
//                     dispatch for residualForward + layernormForward, the same numbers
//   backward, in one dispatch: workgroups [0, N) take a row each,
//                     dinp (N,C) += rstd·(g − mean(g) − x̂·mean(g·x̂)),  g = weight·dout, x̂ = (inp − mean)·rstd,
//     workgroups [N, N + C) a channel each, threads striding over rows, then a tree reduction:
//                     dweight (C) += Σ_n x̂·dout,  dbias (C) += Σ_n dout  — deterministic, no atomics.
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_sum).

override WG: u32 = 64;

struct Params {
  N: u32,
  C: u32,
  eps: f32,
}

// forward
@group(0) @binding(0) var<storage, read> inp: array<f32>;         // (N, C) — shared with backward
@group(0) @binding(1) var<storage, read> weight: array<f32>;      // (C)
@group(0) @binding(2) var<storage, read> bias: array<f32>;        // (C)
@group(0) @binding(3) var<storage, read_write> out: array<f32>;   // (N, C)
@group(0) @binding(4) var<storage, read_write> mean: array<f32>;  // (N)
@group(0) @binding(5) var<storage, read_write> rstd: array<f32>;  // (N)
@group(0) @binding(6) var<uniform> p: Params;                     // forward

// residual_forward (reads, then writes, then Params)
@group(0) @binding(0) var<storage, read> res_a: array<f32>;         // (N, C)
@group(0) @binding(1) var<storage, read> res_b: array<f32>;         // (N, C)
@group(0) @binding(2) var<storage, read> res_weight: array<f32>;    // (C)
@group(0) @binding(3) var<storage, read> res_bias: array<f32>;      // (C)
@group(0) @binding(4) var<storage, read_write> res_sum: array<f32>; // (N, C) = a + b
@group(0) @binding(5) var<storage, read_write> res_out: array<f32>; // (N, C)
@group(0) @binding(6) var<storage, read_write> res_mean: array<f32>; // (N)
@group(0) @binding(7) var<storage, read_write> res_rstd: array<f32>; // (N)
@group(0) @binding(8) var<uniform> pr: Params;

// backward
@group(0) @binding(1) var<storage, read> dout: array<f32>;           // (N, C)
@group(0) @binding(2) var<storage, read> mean_in: array<f32>;        // (N)
@group(0) @binding(3) var<storage, read> rstd_in: array<f32>;        // (N)
@group(0) @binding(4) var<storage, read> weight_in: array<f32>;      // (C)
@group(0) @binding(5) var<storage, read_write> dinp: array<f32>;     // (N, C)
@group(0) @binding(6) var<storage, read_write> dweight: array<f32>;  // (C)
@group(0) @binding(7) var<storage, read_write> dbias: array<f32>;    // (C)
@group(0) @binding(8) var<uniform> pb: Params;

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

// forward's maths on res = a + b, which it also writes (each sum computed once per use, the same
// float32 value every time, as residualForward stores it).
@compute @workgroup_size(WG)
fn residual_forward(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= pr.N) { return; }
  let base = row * pr.C;
  let fc = f32(pr.C);
  let k = res_a[base] + res_b[base];
  var s = 0.0;
  for (var j = ci.lid; j < pr.C; j += WG) {
    let x = res_a[base + j] + res_b[base + j];
    res_sum[base + j] = x;
    s += x - k;
  }
  let m = k + wg_sum(s, ci) / fc;
  var q = 0.0;
  for (var j = ci.lid; j < pr.C; j += WG) { let d = res_a[base + j] + res_b[base + j] - m; q += d * d; }
  let r = 1.0 / sqrt(wg_sum(q, ci) / fc + pr.eps);
  for (var j = ci.lid; j < pr.C; j += WG) { res_out[base + j] = (res_a[base + j] + res_b[base + j] - m) * r * res_weight[j] + res_bias[j]; }
  if (ci.lid == 0u) { res_mean[row] = m; res_rstd[row] = r; }
}

@compute @workgroup_size(WG)
fn backward(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = wid.x + wid.y * nwg.x;
  if (w < pb.N) {
    // Row w: dinp.
    let base = w * pb.C;
    let m = mean_in[w];
    let r = rstd_in[w];
    var g_sum = 0.0;
    var gx_sum = 0.0;
    for (var j = ci.lid; j < pb.C; j += WG) {
      let g = weight_in[j] * dout[base + j];
      g_sum += g;
      gx_sum += g * (inp[base + j] - m) * r;
    }
    let g_mean = wg_sum(g_sum, ci) / f32(pb.C);
    let gx_mean = wg_sum(gx_sum, ci) / f32(pb.C);
    for (var j = ci.lid; j < pb.C; j += WG) {
      let xhat = (inp[base + j] - m) * r;
      dinp[base + j] += r * (weight_in[j] * dout[base + j] - g_mean - xhat * gx_mean);
    }
    return;
  }
  // Channel c: dweight, dbias. Threads read a column (stride C): uncoalesced, but C·N is small
  // next to the matmuls around it.
  let c = w - pb.N;
  if (c >= pb.C) { return; } // workgroup-uniform
  var dw = 0.0;
  var db = 0.0;
  for (var n = ci.lid; n < pb.N; n += WG) {
    let d = dout[n * pb.C + c];
    dw += (inp[n * pb.C + c] - mean_in[n]) * rstd_in[n] * d;
    db += d;
  }
  dw = wg_sum(dw, ci);
  db = wg_sum(db, ci);
  if (ci.lid == 0u) {
    dweight[c] += dw;
    dbias[c] += db;
  }
}
