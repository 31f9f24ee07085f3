// Moving values between the sequence layout (B, S) and the response layout (B, T), and picking one
// position per row — with the backward (accumulating) of each:
//   slice:      out (B,T)[b,t]        = inp (B,S)[b, start+t]      (values/logits before token t)
//   scatter:    out (B,S)[b, start+t] += inp (B,T)[b,t]
//   gather_at:  out (B)[b]            = inp (B,S)[b, idx[b]]       (reward score at the last real token)
//   scatter_at: out (B,S)[b, idx[b]]  += inp (B)[b]

struct Params {
  B: u32,
  T: u32,
  S: u32,
  start: u32,
}

@group(0) @binding(0) var<storage, read> inp: array<f32>;
@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn slice(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= p.B * p.T) { return; }
  let b = i / p.T;
  out[i] = inp[b * p.S + p.start + i % p.T];
}

@compute @workgroup_size(64)
fn scatter(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= p.B * p.T) { return; }
  let b = i / p.T;
  let o = b * p.S + p.start + i % p.T;
  out[o] = out[o] + inp[i];
}

@compute @workgroup_size(64)
fn gather_at(@builtin(global_invocation_id) gid: vec3u) {
  let b = gid.x;
  if (b >= p.B) { return; }
  out[b] = inp[b * p.S + min(idx[b], p.S - 1u)];
}

@compute @workgroup_size(64)
fn scatter_at(@builtin(global_invocation_id) gid: vec3u) {
  let b = gid.x;
  if (b >= p.B) { return; }
  let o = b * p.S + min(idx[b], p.S - 1u);
  out[o] = out[o] + inp[b];
}
