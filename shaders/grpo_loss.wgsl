// GRPO per-token loss and its gradient (TRL GRPOTrainer, token-level ratios; docs/algorithms.md;
// CPU reference src/engine/rl/grpo-loss.ts with the formulas):
//   ρ = exp(ℓ − ℓ_old);  l = −min(ρ·A_b, clip(ρ, 1 − ε_low, 1 + ε_high)·A_b) + β·k3,
//   k3 = exp(ℓ_ref − ℓ) − (ℓ_ref − ℓ) − 1;  A_b is one advantage per answer (row).
//   weight: grpo 1/(B·max(1, len_b)); bnpo 1/max(1, Σm); dr_grpo 1/(B·max_len); dapo 1/max(1, num_items)
//   loss = Σ w·m·l;  dlogprob = w·m·([strictly clipped ? 0 : −A·ρ] + β·(1 − exp(ℓ_ref − ℓ))) (written)
//   stats (6) = [loss, kl = Σ m·k3/Σm, clip low, clip high, clip region (shares of Σm), Σm]
// One workgroup; masked tokens are skipped with select() so padding never reaches exp().
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_sum).

override WG: u32 = 256;

struct Params {
  B: u32,
  T: u32,
  eps_low: f32,
  eps_high: f32,
  beta: f32,
  loss_type: u32, // 0 grpo, 1 bnpo, 2 dr_grpo, 3 dapo
  max_len: f32,
  num_items: f32,
}

@group(0) @binding(0) var<storage, read> logprob: array<f32>;
@group(0) @binding(1) var<storage, read> old_logprob: array<f32>;
@group(0) @binding(2) var<storage, read> ref_logprob: array<f32>;
@group(0) @binding(3) var<storage, read> advantages: array<f32>;
@group(0) @binding(4) var<storage, read> mask: array<f32>;
@group(0) @binding(5) var<storage, read_write> dlogprob: array<f32>;
@group(0) @binding(6) var<storage, read_write> stats: array<f32>;
@group(0) @binding(7) var<uniform> p: Params;

fn row_weight(b: u32, msum: f32) -> f32 {
  switch p.loss_type {
    case 1u: { return 1.0 / max(1.0, msum); }
    case 2u: { return 1.0 / (f32(p.B) * p.max_len); }
    case 3u: { return 1.0 / max(1.0, p.num_items); }
    default: {
      var len = 0.0;
      for (var t = 0u; t < p.T; t++) { len += mask[b * p.T + t]; }
      return 1.0 / (f32(p.B) * max(1.0, len));
    }
  }
}

@compute @workgroup_size(WG)
fn main(ci: ComputeIn) {
  let n = p.B * p.T;
  var s_m = 0.0;
  for (var i = ci.lid; i < n; i += WG) { s_m += mask[i]; }
  let msum = wg_sum(s_m, ci);

  var s_loss = 0.0;
  var s_kl = 0.0;
  var s_low = 0.0;
  var s_high = 0.0;
  for (var i = ci.lid; i < n; i += WG) {
    let m = mask[i];
    let live = m != 0.0;
    let b = i / p.T;
    let a = select(0.0, advantages[b], live);
    let ratio = exp(select(0.0, logprob[i] - old_logprob[i], live));
    let unclipped = ratio * a;
    let clipped_term = clamp(ratio, 1.0 - p.eps_low, 1.0 + p.eps_high) * a;
    let clipped = clipped_term < unclipped;
    var l = -min(unclipped, clipped_term);
    var g = select(-a * ratio, 0.0, clipped);
    var k3 = 0.0;
    if (p.beta != 0.0) {
      let d = select(0.0, ref_logprob[i] - logprob[i], live);
      let e = exp(d);
      k3 = e - d - 1.0;
      l += p.beta * k3;
      g += p.beta * (1.0 - e);
    }
    let w = select(0.0, row_weight(b, msum) * m, live);
    s_loss += w * l;
    dlogprob[i] = w * g;
    s_kl += select(0.0, m * k3, live);
    s_low += select(0.0, m, live && ratio < 1.0 - p.eps_low && a < 0.0);
    s_high += select(0.0, m, live && ratio > 1.0 + p.eps_high && a > 0.0);
  }
  let loss = wg_sum(s_loss, ci);
  let kl = wg_sum(s_kl, ci);
  let low = wg_sum(s_low, ci);
  let high = wg_sum(s_high, ci);
  if (ci.lid == 0u) {
    let inv = 1.0 / max(1.0, msum);
    stats[0] = loss;
    stats[1] = kl * inv;
    stats[2] = low * inv;
    stats[3] = high * inv;
    stats[4] = (low + high) * inv;
    stats[5] = msum;
  }
}
