// The input of one decoding step: token + position embedding of position `pos` of every row.
//   seq (B, S) u32, wte (V, C), wpe (maxS, C) → out (B, C)
// Reads the token from the GPU-resident sequence, so decoding needs no read-back per token.

struct Params {
  B: u32,
  S: u32,
  C: u32,
  V: u32,
  pos: u32,
}

@group(0) @binding(0) var<storage, read> seq: array<u32>;
@group(0) @binding(1) var<storage, read> wte: array<f32>;
@group(0) @binding(2) var<storage, read> wpe: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= p.B * p.C) { return; }
  let b = i / p.C;
  let c = i % p.C;
  let tok = min(seq[b * p.S + p.pos], p.V - 1u); // out-of-range ids clamp instead of reading out of bounds
  out[i] = wte[tok * p.C + c] + wpe[p.pos * p.C + c];
}
