// PPO clipped value loss and its gradient (value clipping of OpenAI baselines PPO2 / TRL
// PPOTrainer; docs/conventions.md §3):
//   Vc = clip(V, Vold − ε, Vold + ε);  loss = ½·Σ m·max((V−R)², (Vc−R)²) / Σ m
//   clipfrac = Σ m·[(Vc−R)² > (V−R)²] / Σ m
//   dvalues = m·(V − R)/Σm where the unclipped term wins (ties included: inside the band Vc = V),
//             0 where the clipped term wins strictly (V is then outside the band, Vc is constant).
//   values, oldValues, returns, mask (n) → dvalues (n) written, stats (3) = [loss, clipfrac, Σm]
// Same shape as ppo_loss.wgsl: one workgroup, two passes over the minibatch (Σm is needed before
// any gradient element), masked tokens skipped with select(); Σm = 0 gives all zeros.
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_sum).

override WG: u32 = 256;

struct Params {
  n: u32,
  eps: f32,
}

@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read> old_values: array<f32>;
@group(0) @binding(2) var<storage, read> returns: array<f32>;
@group(0) @binding(3) var<storage, read> mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> dvalues: array<f32>;
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

struct Token {
  m: f32,
  term: f32, // max((V−R)², (Vc−R)²)
  clipped: bool, // (Vc−R)² > (V−R)² strictly
  grad: f32, // ½·∂ term / ∂V
}

fn token(i: u32) -> Token {
  var k: Token;
  k.m = mask[i];
  let live = k.m != 0.0;
  let v = select(0.0, values[i], live);
  let old = select(0.0, old_values[i], live);
  let r = select(0.0, returns[i], live);
  let vc = clamp(v, old - p.eps, old + p.eps);
  let e1 = v - r;
  let e2 = vc - r;
  let l1 = e1 * e1;
  let l2 = e2 * e2;
  k.clipped = l2 > l1;
  k.term = select(l1, l2, k.clipped);
  k.grad = select(e1, 0.0, k.clipped);
  return k;
}

@compute @workgroup_size(WG)
fn main(ci: ComputeIn) {
  var s_m = 0.0;
  var s_loss = 0.0;
  var s_clip = 0.0;
  for (var i = ci.lid; i < p.n; i += WG) {
    let k = token(i);
    s_m += k.m;
    s_loss += k.m * k.term;
    s_clip += select(0.0, k.m, k.clipped);
  }
  let msum = wg_sum(s_m, ci);
  let loss = wg_sum(s_loss, ci);
  let clip = wg_sum(s_clip, ci);
  let inv = select(0.0, 1.0 / msum, msum != 0.0);

  for (var i = ci.lid; i < p.n; i += WG) {
    let k = token(i);
    dvalues[i] = k.m * k.grad * inv;
  }
  if (ci.lid == 0u) {
    stats[0] = 0.5 * loss * inv;
    stats[1] = clip * inv;
    stats[2] = msum;
  }
}
