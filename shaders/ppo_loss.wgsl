// PPO clipped surrogate policy loss and its gradient (Schulman et al. 2017, eq. 7, as a loss;
// docs/conventions.md §3, TRL PPOTrainer):
//   ratio = exp(lp − old);  pg1 = −A·ratio;  pg2 = −A·clip(ratio, 1−ε, 1+ε)
//   loss = Σ m·max(pg1, pg2) / Σ m;  clipfrac = Σ m·[pg2 > pg1] / Σ m;  approxkl = ½·Σ m·(lp−old)² / Σ m
//   dlogprob = m·(−A·ratio)/Σm where pg1 ≥ pg2 (ties → unclipped), 0 where the clipped term wins.
//   logprob, oldLogprob, advantages, mask (n) → dlogprob (n) written, stats (4) = [loss, clipfrac, approxkl, Σm]
// The mean is over the whole minibatch, so the gradient needs Σm before any element is written:
// one workgroup makes two passes over n (a minibatch is B·T ≈ 10³–10⁴ tokens; one workgroup keeps it
// to one dispatch with no atomics or second kernel). Masked tokens are skipped with select(), so
// padding never reaches exp(). With Σm = 0 every output is 0.
// Compiled after shaders/lib/reduce_*.wgsl (ComputeIn, wg_sum).

override WG: u32 = 256;

struct Params {
  n: u32,
  eps: f32,
}

@group(0) @binding(0) var<storage, read> logprob: array<f32>;
@group(0) @binding(1) var<storage, read> old_logprob: array<f32>;
@group(0) @binding(2) var<storage, read> advantages: array<f32>;
@group(0) @binding(3) var<storage, read> mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> dlogprob: array<f32>;
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;

struct Token {
  m: f32,
  diff: f32, // lp − old (0 when masked)
  term: f32, // max(pg1, pg2)
  clipped: bool, // pg2 > pg1 strictly
  grad: f32, // ∂ max(pg1, pg2) / ∂ lp
}

fn token(i: u32) -> Token {
  var k: Token;
  k.m = mask[i];
  let live = k.m != 0.0;
  k.diff = select(0.0, logprob[i] - old_logprob[i], live);
  let a = select(0.0, advantages[i], live);
  let ratio = exp(k.diff);
  let pg1 = -a * ratio;
  let pg2 = -a * clamp(ratio, 1.0 - p.eps, 1.0 + p.eps);
  k.clipped = pg2 > pg1;
  k.term = select(pg1, pg2, k.clipped);
  k.grad = select(pg1, 0.0, k.clipped); // d(−A·ratio)/d lp = −A·ratio; clip() is flat outside the band
  return k;
}

@compute @workgroup_size(WG)
fn main(ci: ComputeIn) {
  var s_m = 0.0;
  var s_loss = 0.0;
  var s_clip = 0.0;
  var s_kl = 0.0;
  for (var i = ci.lid; i < p.n; i += WG) {
    let k = token(i);
    s_m += k.m;
    s_loss += k.m * k.term;
    s_clip += select(0.0, k.m, k.clipped);
    s_kl += k.m * k.diff * k.diff;
  }
  let msum = wg_sum(s_m, ci);
  let loss = wg_sum(s_loss, ci);
  let clip = wg_sum(s_clip, ci);
  let kl = wg_sum(s_kl, ci);
  let inv = select(0.0, 1.0 / msum, msum != 0.0);

  for (var i = ci.lid; i < p.n; i += WG) {
    let k = token(i);
    dlogprob[i] = k.m * k.grad * inv;
  }
  if (ci.lid == 0u) {
    stats[0] = loss * inv;
    stats[1] = clip * inv;
    stats[2] = 0.5 * kl * inv;
    stats[3] = msum;
  }
}
