// Masked whitening of advantages over all n inputs — the whole rollout (docs/conventions.md §3; TRL's masked_whiten with
// the biased variance of our convention):
//   mean = Σ x·m / Σ m,  var = Σ (x − mean)²·m / Σ m,  out = (x − mean)·rsqrt(var + 1e-8) [+ mean]
// Masked positions (m = 0) are written as 0 and never enter the sums (select, not x·m, so garbage
// there cannot leak). All-masked input gives zeros. Two passes over x (mean, then centred squares)
// avoid the E[x²] − E[x]² cancellation. One workgroup strides over all n (n ≤ ~1e5 in practice;
// it is a few memory passes, not worth a multi-workgroup reduction).
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_sum).

override WG: u32 = 256;

struct Params {
  n: u32,
  shift_mean: u32, // 1: out has mean 0; 0: the mean is added back
}

@group(0) @binding(0) var<storage, read> x: array<f32>;          // (n)
@group(0) @binding(1) var<storage, read> mask: array<f32>;       // (n)
@group(0) @binding(2) var<storage, read_write> out: array<f32>;  // (n)
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(ci: ComputeIn) {
  var sm = 0.0;
  var sx = 0.0;
  for (var i = ci.lid; i < p.n; i += WG) {
    let m = mask[i];
    if (m != 0.0) { sm += m; sx += x[i] * m; }
  }
  sm = wg_sum(sm, ci);
  sx = wg_sum(sx, ci);
  let live = sm > 0.0;
  let mean = select(0.0, sx / sm, live);

  var sv = 0.0;
  for (var i = ci.lid; i < p.n; i += WG) {
    let m = mask[i];
    if (m != 0.0) { let d = x[i] - mean; sv += d * d * m; }
  }
  sv = wg_sum(sv, ci);
  let rstd = inverseSqrt(select(0.0, sv / sm, live) + 1e-8);
  let shift = select(mean, 0.0, p.shift_mean != 0u);

  for (var i = ci.lid; i < p.n; i += WG) {
    let m = mask[i];
    out[i] = select(0.0, (x[i] - mean) * rstd + shift, m != 0.0 && live);
  }
}
