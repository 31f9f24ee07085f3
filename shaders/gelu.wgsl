// GELU, tanh approximation as in GPT-2: gelu(x) = ½·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³).
//   forward:  out = gelu(inp)                         (n elements)
//   backward: dinp += dout · gelu'(inp)
// tanh is evaluated on u clamped to ±U_MAX: some implementations compute tanh through exp(2u) and
// return inf/inf = NaN for large u (x = ±10 already gives |u| ≈ 44). tanh(10) rounds to exactly ±1 in
// float32, so the clamp changes nothing representable. It also keeps x³ from reaching the tanh as ±inf.

override WG: u32 = 256;
const K: f32 = 0.7978845608028654; // √(2/π)
const A: f32 = 0.044715;
const U_MAX: f32 = 10.0;

struct Params {
  n: u32,
}

@group(0) @binding(0) var<storage, read> inp: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;   // forward
@group(0) @binding(2) var<uniform> p: Params;                     // forward

@group(0) @binding(1) var<storage, read> dout: array<f32>;        // backward
@group(0) @binding(2) var<storage, read_write> dinp: array<f32>;  // backward
@group(0) @binding(3) var<uniform> pb: Params;                    // backward

fn u_of(x: f32) -> f32 {
  return K * (x + A * x * x * x);
}

@compute @workgroup_size(WG)
fn forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) { return; }
  let x = inp[i];
  out[i] = 0.5 * x * (1.0 + tanh(clamp(u_of(x), -U_MAX, U_MAX)));
}

@compute @workgroup_size(WG)
fn backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= pb.n) { return; }
  let x = inp[i];
  let u = u_of(x);
  let t = tanh(clamp(u, -U_MAX, U_MAX));
  // sech²(u) = 4e/(1 + e)² with e = exp(−2|u|) ≤ 1: accurate to a few ulp, where 1 − t² loses all
  // digits to cancellation (x = 5: sech² ≈ 2e-7, exactly the size of 1 − t²'s rounding error, times
  // a factor x·(1 + 3·0.044715·x²) ≈ 44). Unclamped u, so the slope decays as it should; exp(−inf) = 0.
  let e = exp(-2.0 * abs(u));
  let sech2 = 4.0 * e / ((1.0 + e) * (1.0 + e));
  // Where sech² is 0, skip the second term so 0·x² cannot give NaN (x² = inf for |x| > 1.8e19).
  var grad = 0.5 * (1.0 + t);
  if (sech2 > 0.0) { grad += 0.5 * x * sech2 * K * (1.0 + 3.0 * A * x * x); }
  dinp[i] += grad * dout[i];
}
