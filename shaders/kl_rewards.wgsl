// Per-token KL estimate and per-token rewards (docs/conventions.md §3). Elementwise, one thread per (b, t);
// no reductions.
//
// kl: Δ = logprob − ref_logprob (n), masked to 0 (select, so garbage at masked positions never
// leaks). Estimators from Schulman, "Approximating KL divergence" (2020):
//   k1 = Δ,  k2 = ½Δ²,  k3 = (r − 1) − log r,  r = exp(ref − logprob) = exp(−Δ)
// log r is clamped at 80 (exp(80) ≈ 5.5e34 < f32 max) so k3 stays finite, as in the CPU reference.
//
// rewards: reward[b,t] = −β·kl·mask, plus clip(score_b, ±reward_clip) at the last real token of
// row b (last t with mask > 0), where score_b = missing_eos_penalty when has_eos[b] = 0. A thread
// with mask > 0 scans forward for a later real token; with contiguous masks it stops after one
// step except at the last real token, so the whole pass is O(B·T).

override WG: u32 = 64;
override ESTIMATOR: u32 = 0; // 0 = k1, 1 = k2, 2 = k3

const K3_MAX_LOG_RATIO: f32 = 80.0;

struct Params {
  n: u32, // elements: B·T
  T: u32,
  beta: f32,
  reward_clip: f32,
  missing_eos_penalty: f32,
}

// One binding table for both entry points (each uses a subset; layouts are 'auto').
@group(0) @binding(0) var<storage, read> logprob: array<f32>;      // (B, T)
@group(0) @binding(1) var<storage, read> ref_logprob: array<f32>;  // (B, T)
@group(0) @binding(2) var<storage, read> mask: array<f32>;         // (B, T)
@group(0) @binding(3) var<storage, read> kl_in: array<f32>;        // (B, T)
@group(0) @binding(4) var<storage, read> scores: array<f32>;       // (B)
@group(0) @binding(5) var<storage, read> has_eos: array<u32>;      // (B)
@group(0) @binding(6) var<storage, read_write> kl_out: array<f32>;  // (B, T)
@group(0) @binding(7) var<storage, read_write> rewards_out: array<f32>; // (B, T)
@group(0) @binding(8) var<uniform> p: Params;

// k3 = e^x − 1 − x with x = log r. Below |x| = 0.5 the Taylor series Σ_{k≥2} x^k/k! (to x^10;
// the remainder is < 1e-10 relative) avoids the cancellation of exp(x) − 1 − x, where k3 ≈ x²/2
// would otherwise drown in the rounding of exp(x) ≈ 1. Both branches are ≥ 0.
fn k3(delta: f32) -> f32 {
  let x = min(-delta, K3_MAX_LOG_RATIO);
  if (abs(x) < 0.5) {
    var poly = 1.0 / 3628800.0; // 1/10!
    poly = poly * x + 1.0 / 362880.0;
    poly = poly * x + 1.0 / 40320.0;
    poly = poly * x + 1.0 / 5040.0;
    poly = poly * x + 1.0 / 720.0;
    poly = poly * x + 1.0 / 120.0;
    poly = poly * x + 1.0 / 24.0;
    poly = poly * x + 1.0 / 6.0;
    poly = poly * x + 0.5;
    return x * x * poly;
  }
  return (exp(x) - 1.0) - x;
}

fn kl_estimate(delta: f32) -> f32 {
  if (ESTIMATOR == 1u) { return 0.5 * delta * delta; }
  if (ESTIMATOR == 2u) { return k3(delta); }
  return delta;
}

fn elem_index(wid: vec3u, nwg: vec3u, lid: u32) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

@compute @workgroup_size(WG)
fn kl(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = elem_index(wid, nwg, lid);
  if (i >= p.n) { return; }
  let d = logprob[i] - ref_logprob[i];
  kl_out[i] = select(0.0, kl_estimate(d), mask[i] != 0.0);
}

@compute @workgroup_size(WG)
fn rewards(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = elem_index(wid, nwg, lid);
  if (i >= p.n) { return; }
  let m = mask[i];
  var r = select(0.0, -p.beta * kl_in[i] * m, m != 0.0);
  if (m > 0.0) {
    let b = i / p.T;
    let row_end = (b + 1u) * p.T;
    var last = true;
    for (var u = i + 1u; u < row_end; u++) {
      if (mask[u] > 0.0) { last = false; break; }
    }
    if (last) {
      let score = select(p.missing_eos_penalty, scores[b], has_eos[b] != 0u);
      r += clamp(score, -p.reward_clip, p.reward_clip);
    }
  }
  rewards_out[i] = r;
}
