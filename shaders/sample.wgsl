// Draws token pos+1 of every row from softmax(logits / T) on the GPU, so a whole rollout needs no
// read-back per token (docs/conventions.md §4). Compiled after the reduce library and shaders/lib/philox.wgsl.
//   logits (B, V) → seq (B, S) [b, pos+1]
// The uniform u for row b at position pos+1 is Philox(counter = (pos+1, b, iteration, 0),
// key = (seed, stream)), identical to the CPU engine's draw. Prompt positions (< P) are left as
// given; after EOS (or PAD) a row only gets PAD. One workgroup per row.

override WG: u32 = 64;

struct Params {
  B: u32,
  S: u32,
  V: u32,
  pos: u32,
  P: u32,
  inv_temp: f32,
  seed: u32,
  stream: u32,
  iteration: u32,
  eos: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> seq: array<u32>;
@group(0) @binding(2) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn main(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let b = wid.x + wid.y * nwg.x;
  let next = p.pos + 1u;
  if (b >= p.B || next < p.P || next >= p.S) { return; } // uniform: prompt tokens are given
  let base = b * p.V;

  var m = -3.0e38;
  for (var j = ci.lid; j < p.V; j += WG) { m = max(m, logits[base + j] * p.inv_temp); }
  m = wg_max(m, ci);
  var s = 0.0;
  for (var j = ci.lid; j < p.V; j += WG) { s += exp(logits[base + j] * p.inv_temp - m); }
  s = wg_sum(s, ci);

  if (ci.lid == 0u) {
    let cur = seq[b * p.S + p.pos];
    var tok = p.pad;
    if (p.pos < p.P || (cur != p.eos && cur != p.pad)) {
      let u = u32_to_unit(philox4x32(vec4u(next, b, p.iteration, 0u), vec2u(p.seed, p.stream)).x);
      // Inverse CDF, in token order. If rounding leaves u above the total, take the last token
      // with non-zero probability (never a masked one).
      var acc = 0.0;
      var last_live = 0u;
      var found = false;
      for (var j = 0u; j < p.V; j++) {
        let q = exp(logits[base + j] * p.inv_temp - m) / s;
        if (q > 0.0) { last_live = j; }
        acc += q;
        if (!found && u < acc) { tok = j; found = true; }
      }
      if (!found) { tok = last_live; }
    }
    seq[b * p.S + next] = tok;
  }
}
