// Token + position embedding (GPT-2 encoder), llm.c encoder_forward / encoder_backward.
//   forward:  out (B,S,C) = wte[tokens[b,s]] (V,C) + wpe[s] (maxS,C)
//   backward: dwte (V,C) += Σ_{b,s: tokens[b,s]=v} dout[b,s];  dwpe (maxS,C) += Σ_b dout[b,s]
// Token ids outside [0, V) are skipped (no token embedding, no gradient), as in src/engine/cpu/encoder.ts.
//
// The backward is deterministic without atomics (WGSL has no float atomics): one invocation owns
// each gradient element and sums its contributions in a fixed order. For dwte that invocation scans
// every token — cost V·C·B·S compare-and-adds, e.g. 52·48·1536 ≈ 3.8M for the default model, 4k·128·4k
// ≈ 2G at the stated ceiling (V, B·S ≤ ~4k). A sort-by-token pass would be cheaper for big vocabularies.
// The dwte and dwpe invocations share one dispatch: indices [0, V·C) do dwte, [V·C, V·C + S·C) dwpe.

override WG: u32 = 256;

struct Params {
  B: u32,
  S: u32,
  C: u32,
  V: u32,
}

@group(0) @binding(0) var<storage, read> tokens: array<i32>;   // (B, S)
@group(0) @binding(1) var<storage, read> wte: array<f32>;      // (V, C)
@group(0) @binding(2) var<storage, read> wpe: array<f32>;      // (maxS, C)
@group(0) @binding(3) var<storage, read_write> out: array<f32>; // (B, S, C)
@group(0) @binding(4) var<uniform> p: Params;

// backward bindings (same numbers, other variables: each entry point has its own interface)
@group(0) @binding(1) var<storage, read> dout: array<f32>;        // (B, S, C)
@group(0) @binding(2) var<storage, read_write> dwte: array<f32>;  // (V, C)
@group(0) @binding(3) var<storage, read_write> dwpe: array<f32>;  // (maxS, C)

fn valid_token(tok: i32) -> bool {
  return tok >= 0 && u32(tok) < p.V;
}

@compute @workgroup_size(WG)
fn forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.B * p.S * p.C) { return; }
  let c = i % p.C;
  let bs = i / p.C;
  let s = bs % p.S;
  let tok = tokens[bs];
  var x = 0.0;
  if (valid_token(tok)) { x = wte[u32(tok) * p.C + c]; }
  out[i] = x + wpe[s * p.C + c];
}

@compute @workgroup_size(WG)
fn backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  let nte = p.V * p.C;
  let BS = p.B * p.S;
  if (i < nte) {
    // dwte[v, c]: neighbouring invocations share v (same token compares) and read neighbouring c.
    let v = i32(i / p.C);
    let c = i % p.C;
    var acc = 0.0;
    for (var bs = 0u; bs < BS; bs++) {
      if (tokens[bs] == v) { acc += dout[bs * p.C + c]; }
    }
    dwte[i] += acc;
  } else if (i < nte + p.S * p.C) {
    // dwpe[s, c]: sum over the batch.
    let j = i - nte;
    var acc = 0.0;
    for (var b = 0u; b < p.B; b++) { acc += dout[b * p.S * p.C + j]; }
    dwpe[j] += acc;
  }
}
