// DPO / IPO loss on sequence log-probs (TRL DPOTrainer; docs/algorithms.md; CPU reference
// src/engine/rl/dpo-loss.ts with the formulas). logps, ref (2N) = [chosen (N), rejected (N)].
//   sigmoid: loss = mean −log σ(β·h), h = (ℓ_c − ref_c) − (ℓ_r − ref_r)
//   ipo:     loss = mean (h′ − 1/(2β))², h′ = (ℓ_c − ref_c)/len_c − (ℓ_r − ref_r)/len_r (len ≥ 1)
//   dlogps (2N) = ∂loss/∂logps (written)
//   stats (5) = [loss, rewards/chosen, rewards/rejected, rewards/accuracies, rewards/margins],
//   the implicit rewards being β·(ℓ − ref).
// One workgroup; pairs strided over its invocations. Compiled after the reduce library.

override WG: u32 = 64;

struct Params {
  N: u32,
  beta: f32,
  loss_type: u32, // 0 sigmoid, 1 ipo
}

@group(0) @binding(0) var<storage, read> logps: array<f32>;
@group(0) @binding(1) var<storage, read> ref_logps: array<f32>;
@group(0) @binding(2) var<storage, read> lengths: array<f32>;
@group(0) @binding(3) var<storage, read_write> dlogps: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

// log σ(x) without overflow for large |x|.
fn log_sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return -log(1.0 + exp(-x)); }
  return x - log(1.0 + exp(x));
}

@compute @workgroup_size(WG)
fn main(ci: ComputeIn) {
  let N = p.N;
  let inv_n = 1.0 / f32(max(N, 1u));
  var loss = 0.0;
  var rc = 0.0;
  var rr = 0.0;
  var acc = 0.0;
  for (var i = ci.lid; i < N; i += WG) {
    let c = logps[i] - ref_logps[i];
    let r = logps[N + i] - ref_logps[N + i];
    if (p.loss_type == 0u) {
      let z = p.beta * (c - r);
      loss -= log_sigmoid(z);
      let g = -p.beta * exp(log_sigmoid(-z)) * inv_n; // −β·σ(−z)
      dlogps[i] = g;
      dlogps[N + i] = -g;
    } else {
      let lc = max(1.0, lengths[i]);
      let lr = max(1.0, lengths[N + i]);
      let e = c / lc - r / lr - 0.5 / p.beta;
      loss += e * e;
      dlogps[i] = 2.0 * e / lc * inv_n;
      dlogps[N + i] = -2.0 * e / lr * inv_n;
    }
    rc += p.beta * c;
    rr += p.beta * r;
    if (p.beta * c > p.beta * r) { acc += 1.0; }
  }
  loss = wg_sum(loss, ci);
  rc = wg_sum(rc, ci);
  rr = wg_sum(rr, ci);
  acc = wg_sum(acc, ci);
  if (ci.lid == 0u) {
    stats[0] = loss * inv_n;
    stats[1] = rc * inv_n;
    stats[2] = rr * inv_n;
    stats[3] = acc * inv_n;
    stats[4] = (rc - rr) * inv_n;
  }
}
