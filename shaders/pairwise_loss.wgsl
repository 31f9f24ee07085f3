// Reward-model pairwise loss (Ouyang et al. 2022, eq. 1): scores (2B) = [chosen (B), rejected (B)].
//   loss = mean_b −log σ(s_c − s_r),  accuracy = mean_b [s_c > s_r]
//   dscores = ∂loss/∂scores (written);  stats = [loss, accuracy]
// One workgroup; rows strided over its invocations.
// Compiled after the reduce library (wg_sum).

override WG: u32 = 64;

struct Params {
  B: u32,
}

@group(0) @binding(0) var<storage, read> scores: array<f32>;
@group(0) @binding(1) var<storage, read_write> dscores: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

// log σ(x) without overflow for large |x|.
fn log_sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return -log(1.0 + exp(-x)); }
  return x - log(1.0 + exp(x));
}

@compute @workgroup_size(WG)
fn main(ci: ComputeIn) {
  var loss = 0.0;
  var correct = 0.0;
  let inv_b = 1.0 / f32(max(p.B, 1u));
  for (var b = ci.lid; b < p.B; b += WG) {
    let m = scores[b] - scores[p.B + b];
    loss -= log_sigmoid(m);
    if (m > 0.0) { correct += 1.0; }
    let g = -exp(log_sigmoid(-m)) * inv_b; // ∂(−log σ(m))/∂m = −σ(−m)
    dscores[b] = g;
    dscores[p.B + b] = -g;
  }
  loss = wg_sum(loss, ci);
  correct = wg_sum(correct, ci);
  if (ci.lid == 0u) {
    stats[0] = loss * inv_b;
    stats[1] = correct * inv_b;
  }
}
