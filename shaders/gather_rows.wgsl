// Minibatch gather: out[r, :] = inp[idx[r], :]. Copies 32-bit words, so it serves float and
// token tensors alike.   inp (R_in, L), idx (rows), out (rows, L)

struct Params {
  rows: u32,
  row_len: u32,
}

@group(0) @binding(0) var<storage, read> inp: array<u32>;
@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.rows * p.row_len) { return; }
  let r = i / p.row_len;
  let j = i % p.row_len;
  out[i] = inp[idx[r] * p.row_len + j];
}
