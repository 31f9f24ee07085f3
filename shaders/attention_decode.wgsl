// One generation step of causal self-attention with a KV cache (no read-back per token: `pos`
// arrives in the Params uniform, one slot per dispatch, so a whole rollout records into one
// command encoder).
//   qkv (B, 3C): this step's q, k, v (q = [0, C), k = [C, 2C), v = [2C, 3C); head h = h·hs..).
//   kcache, vcache (B, NH, maxS, hs): keys and values of positions 0..pos.
//   out (B, C) = softmax(q · kᵀ / √hs over positions 0..pos) · v.
// One dispatch: the invocation of (b, h) first stores this step's k and v of head h at position pos,
// then attends over positions 0..pos of the same (b, h) block — the only slots it reads are its
// own or earlier steps', so no other invocation's write is waited for (invocations of a dispatch
// have no ordering between them; a separate append dispatch would be needed otherwise).
// The same arithmetic as attention.wgsl's forward (max, exp, sum, ·(1/sum), Σ att·v in order), so
// the decode and the full-sequence pass agree to rounding (bit for bit on the adapters we test).

override WG: u32 = 64;

struct Params {
  B: u32,
  C: u32,
  NH: u32,
  maxS: u32,
  pos: u32,
  scale: f32, // 1 / √hs
}

@group(0) @binding(0) var<storage, read> qkv: array<f32>; // (B, 3C)
@group(0) @binding(1) var<storage, read_write> kcache: array<f32>; // (B, NH, maxS, hs)
@group(0) @binding(2) var<storage, read_write> vcache: array<f32>; // (B, NH, maxS, hs)
@group(0) @binding(3) var<storage, read_write> out: array<f32>; // (B, C)
@group(0) @binding(4) var<uniform> p: Params;

// One invocation per (b, h), serial over cache positions (no barriers; see attention.wgsl for why).
// It stores this step's k and v of head h (q at qkv[q..], k at +C, v at +2C), then attends.
// Three passes over the keys — max, Σ exp, then out += att·v — recomputing q·k each time instead
// of keeping a row of scores: q·k is exactly reproducible, so att equals the forward's bit for bit,
// and out[b, h·hs + i] (owned by this invocation) accumulates in the forward's order.
@compute @workgroup_size(WG)
fn step(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = (wid.x + wid.y * nwg.x) * WG + lid; // b·NH + h
  if (r >= p.B * p.NH) { return; }
  let b = r / p.NH;
  let h = r % p.NH;
  let hs = p.C / p.NH;
  let q = b * 3u * p.C + h * hs; // query (hs)
  let cache = r * p.maxS * hs; // (maxS, hs) block of this (b, h)
  let o = b * p.C + h * hs; // out (hs)
  for (var i = 0u; i < hs; i++) {
    kcache[cache + p.pos * hs + i] = qkv[q + p.C + i];
    vcache[cache + p.pos * hs + i] = qkv[q + 2u * p.C + i];
  }

  var m = -3.0e38;
  for (var t2 = 0u; t2 <= p.pos; t2++) { m = max(m, score(q, cache + t2 * hs, hs)); }
  var sum = 0.0;
  for (var t2 = 0u; t2 <= p.pos; t2++) { sum += exp(score(q, cache + t2 * hs, hs) - m); }
  let inv = 1.0 / sum;
  for (var i = 0u; i < hs; i++) { out[o + i] = 0.0; }
  for (var t2 = 0u; t2 <= p.pos; t2++) {
    let a = exp(score(q, cache + t2 * hs, hs) - m) * inv;
    for (var i = 0u; i < hs; i++) { out[o + i] += a * vcache[cache + t2 * hs + i]; }
  }
}

// q · k / √hs for the query at qkv[q..q+hs) and the cached key at kcache[k..k+hs).
fn score(q: u32, k: u32, hs: u32) -> f32 {
  var qk = 0.0;
  for (var i = 0u; i < hs; i++) { qk += qkv[q + i] * kcache[k + i]; }
  return qk * p.scale;
}
