// Advantages from a group's sequence rewards — GRPO (group-mean baseline, sd scaling) and RLOO
// (leave-one-out baseline, KL in the reward, batch normalisation). docs/algorithms.md; CPU
// reference src/engine/rl/group-advantages.ts (formulas there). B rows in B/G groups of G
// consecutive rows.
//   r_b = (has_eos ? clip(score, ±clip) : penalty) − kl_coef·Σ_t kl·m
//   A_b = r_b − baseline_b (group mean, or mean of the other G − 1), then ÷ (std_group|std_batch + 1e-4)
//   when scaled, then (normalize) (A − mean(A)) / (sd(A) + 1e-4). sd: Bessel, 0 for n < 2.
// Means are shifted by the first element (r_first + Σ (r − r_first)/n), so a group of equal rewards
// has advantage exactly 0. One workgroup (B ≤ a few thousand); passes are separated by
// storageBarrier() because later passes read rows written by other invocations.
// Outputs: rewards (B), advantages (B), group_stats (B/G, 2) = [mean, sd], stats (2) =
// [frac_reward_zero_std, std_batch(r)]. Compiled after shaders/lib/reduce_*.wgsl.

override WG: u32 = 256;

struct Params {
  B: u32,
  T: u32,
  G: u32,
  baseline: u32, // 0: group mean, 1: leave one out
  scale: u32, // 0: none, 1: group, 2: batch
  normalize: u32,
  kl_coef: f32,
  reward_clip: f32,
  penalty: f32,
}

@group(0) @binding(0) var<storage, read> scores: array<f32>;
@group(0) @binding(1) var<storage, read> has_eos: array<u32>;
@group(0) @binding(2) var<storage, read> kl: array<f32>;
@group(0) @binding(3) var<storage, read> mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> rewards: array<f32>;
@group(0) @binding(5) var<storage, read_write> advantages: array<f32>;
@group(0) @binding(6) var<storage, read_write> group_stats: array<f32>;
@group(0) @binding(7) var<storage, read_write> stats: array<f32>;
@group(0) @binding(8) var<uniform> p: Params;

const STD_EPS: f32 = 1e-4;
const ZERO_STD: f32 = 1e-8;

// Bessel sd from a sum of squared deviations over n values (0 for n < 2).
fn bessel(ss: f32, n: u32) -> f32 {
  return select(0.0, sqrt(ss / f32(n - 1u)), n > 1u);
}

@compute @workgroup_size(WG)
fn main(ci: ComputeIn) {
  let B = p.B;
  let G = p.G;
  for (var b = ci.lid; b < B; b += WG) {
    var seq_kl = 0.0;
    if (p.kl_coef != 0.0) {
      for (var t = 0u; t < p.T; t++) {
        let m = mask[b * p.T + t];
        if (m != 0.0) { seq_kl += kl[b * p.T + t] * m; }
      }
    }
    let s = select(p.penalty, clamp(scores[b], -p.reward_clip, p.reward_clip), has_eos[b] != 0u);
    rewards[b] = s - p.kl_coef * seq_kl;
  }
  storageBarrier();

  // Batch moments of r (for scale = batch and the stats).
  let r0 = rewards[0];
  var part = 0.0;
  for (var b = ci.lid; b < B; b += WG) { part += rewards[b] - r0; }
  let batch_mean = r0 + wg_sum(part, ci) / f32(max(B, 1u));
  part = 0.0;
  for (var b = ci.lid; b < B; b += WG) { let d = rewards[b] - batch_mean; part += d * d; }
  let batch_std = bessel(wg_sum(part, ci), B);

  var zero = 0.0;
  for (var g = ci.lid; g < B / G; g += WG) {
    let first = g * G;
    let g0 = rewards[first];
    var shifted = 0.0;
    for (var i = 0u; i < G; i++) { shifted += rewards[first + i] - g0; }
    let mean = g0 + shifted / f32(G);
    var ss = 0.0;
    for (var i = 0u; i < G; i++) { let d = rewards[first + i] - mean; ss += d * d; }
    let sd = bessel(ss, G);
    group_stats[2u * g] = mean;
    group_stats[2u * g + 1u] = sd;
    if (p.scale != 2u && sd <= ZERO_STD) { zero += f32(G); }
    for (var i = 0u; i < G; i++) {
      let r = rewards[first + i];
      var base = mean;
      if (p.baseline == 1u) { base = select(r, g0 + (shifted - (r - g0)) / f32(G - 1u), G > 1u); }
      var a = r - base;
      if (p.scale == 1u) { a = a / (sd + STD_EPS); }
      if (p.scale == 2u) { a = a / (batch_std + STD_EPS); }
      advantages[first + i] = a;
    }
  }
  zero = wg_sum(zero, ci);
  if (p.scale == 2u) { zero = select(0.0, f32(B), batch_std <= ZERO_STD); }
  storageBarrier();

  if (p.normalize != 0u) {
    let a0 = advantages[0];
    part = 0.0;
    for (var b = ci.lid; b < B; b += WG) { part += advantages[b] - a0; }
    let mean = a0 + wg_sum(part, ci) / f32(max(B, 1u));
    part = 0.0;
    for (var b = ci.lid; b < B; b += WG) { let d = advantages[b] - mean; part += d * d; }
    let sd = bessel(wg_sum(part, ci), B);
    for (var b = ci.lid; b < B; b += WG) { advantages[b] = (advantages[b] - mean) / (sd + STD_EPS); }
  }
  if (ci.lid == 0u) {
    stats[0] = select(0.0, zero / f32(B), B > 0u);
    stats[1] = batch_std;
  }
}
