// Generalized Advantage Estimation, sequential variant (Schulman et al. 2016, eq. 16; docs/conventions.md §3):
// one invocation per row walks the response backwards,
//   δ_t = r_t + γ·V_{t+1}·m_{t+1} − V_t,   A_t = δ_t + γλ·m_{t+1}·A_{t+1},   returns_t = A_t + V_t,
// with A = V = 0 after the last real token and zeros written at masked positions. Masked positions
// are skipped with select() (not multiplied by 0), so padding garbage never enters the arithmetic.
//   rewards, values, mask (B, T) → advantages, returns (B, T)
// O(T) steps per row: the right choice for short responses; gae_scan.wgsl is the parallel variant.

override WG: u32 = 64;

struct Params {
  B: u32,
  T: u32,
  gamma: f32,
  gl: f32, // γ·λ, multiplied in float64 on the host
}

@group(0) @binding(0) var<storage, read> rewards: array<f32>;
@group(0) @binding(1) var<storage, read> values: array<f32>;
@group(0) @binding(2) var<storage, read> mask: array<f32>;
@group(0) @binding(3) var<storage, read_write> advantages: array<f32>;
@group(0) @binding(4) var<storage, read_write> returns: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = (wid.x + wid.y * nwg.x) * WG + lid;
  if (row >= p.B) { return; }
  let base = row * p.T;
  var next_a = 0.0; // A_{t+1}
  var next_v = 0.0; // V_{t+1}
  var next_m = 0.0; // m_{t+1}
  for (var t = p.T; t > 0u; t--) {
    let i = base + t - 1u;
    let m = mask[i];
    let live = m != 0.0;
    let v = select(0.0, values[i], live);
    let delta = select(0.0, rewards[i], live) + p.gamma * next_v * next_m - v;
    let a = select(0.0, delta + p.gl * next_m * next_a, live);
    advantages[i] = a;
    returns[i] = select(0.0, a + v, live);
    next_a = a;
    next_v = v;
    next_m = m;
  }
}
