// Causal multi-head self-attention (llm.c attention_forward / attention_backward).
//   qkv (B, S, 3C): q = channels [0, C), k = [C, 2C), v = [2C, 3C); head h uses h·hs .. (h+1)·hs.
//   preatt[b,h,t,t2] = q_t · k_t2 / √hs (t2 ≤ t),  att = softmax over t2 ≤ t,  out_t = Σ att · v_t2.
// Masked entries (t2 > t) of preatt and att are written as 0 (fully defined buffers).
// Backward accumulates into dqkv, dpreatt and datt with llm.c semantics: the softmax backward uses
// all of datt after this pass's contribution, the q·k backward all of dpreatt.
//
// Three entry points, dispatched as forward | backward_scores then backward_qkv, each with one
// invocation per output it owns, so every element has a single writer (no atomics, bit-reproducible):
//   forward          one invocation per (b, h, t) row: scores, softmax and the out row, serially
//                    over t2 ≤ t (llm.c's CUDA attention kernel 1 layout). Rows are short (S ≲ 64),
//                    and with no workgroup reductions there are no barriers — on SwiftShader a
//                    workgroup-per-row version with wg_max / wg_sum was ~25-60× slower (per-barrier
//                    cost), and on a GPU it left most lanes idle.
//   backward_scores  one invocation per (b, h, t) row: datt row += v·dout, then dpreatt row via
//                    the softmax Jacobian.
//   backward_qkv     one invocation per (b, r, c): dq, dk, dv of position r, channel c, each a
//                    gather over row r / column r of dpreatt and att.
// An invocation re-reads global values it wrote itself (its own row), which is well ordered.
// Neighbouring invocations share (b, h) and differ in t, so they read the same k / v rows.
//
// Bindings are the union over entry points (each binds only what it uses): inputs, then outputs.
// `att` is written by forward and read by the backward entry points, so it is read_write.

override WG: u32 = 64;

struct Params {
  B: u32,
  S: u32,
  C: u32,
  NH: u32,
  scale: f32, // 1 / √hs
}

@group(0) @binding(0) var<storage, read> qkv: array<f32>; // (B, S, 3C)
@group(0) @binding(1) var<storage, read> dout: array<f32>; // (B, S, C)
@group(0) @binding(2) var<storage, read_write> out: array<f32>; // (B, S, C)
@group(0) @binding(3) var<storage, read_write> preatt: array<f32>; // (B, NH, S, S)
@group(0) @binding(4) var<storage, read_write> att: array<f32>; // (B, NH, S, S)
@group(0) @binding(5) var<storage, read_write> dqkv: array<f32>; // (B, S, 3C)
@group(0) @binding(6) var<storage, read_write> dpreatt: array<f32>; // (B, NH, S, S)
@group(0) @binding(7) var<storage, read_write> datt: array<f32>; // (B, NH, S, S)
@group(0) @binding(8) var<uniform> p: Params;

@compute @workgroup_size(WG)
fn forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = (wid.x + wid.y * nwg.x) * WG + lid; // ((b·NH + h)·S + t)
  if (r >= p.B * p.NH * p.S) { return; }
  let t = r % p.S;
  let h = (r / p.S) % p.NH;
  let b = r / (p.S * p.NH);
  let hs = p.C / p.NH;
  let C3 = 3u * p.C;
  let q = (b * p.S + t) * C3 + h * hs; // query_t (hs)
  let row = r * p.S; // preatt / att row (S)

  var m = -3.0e38;
  for (var t2 = 0u; t2 <= t; t2++) {
    let k = (b * p.S + t2) * C3 + p.C + h * hs; // key_t2 (hs)
    var qk = 0.0;
    for (var i = 0u; i < hs; i++) { qk += qkv[q + i] * qkv[k + i]; }
    let s = qk * p.scale;
    preatt[row + t2] = s;
    m = max(m, s);
  }
  var sum = 0.0;
  for (var t2 = 0u; t2 <= t; t2++) {
    let e = exp(preatt[row + t2] - m); // ≤ 1: stable for any score range
    att[row + t2] = e;
    sum += e;
  }
  let inv = 1.0 / sum; // sum ≥ 1 (the max term)
  for (var t2 = 0u; t2 < p.S; t2++) {
    if (t2 <= t) {
      att[row + t2] = att[row + t2] * inv;
    } else {
      att[row + t2] = 0.0;
      preatt[row + t2] = 0.0;
    }
  }

  let o = (b * p.S + t) * p.C + h * hs;
  for (var i = 0u; i < hs; i++) {
    var acc = 0.0;
    for (var t2 = 0u; t2 <= t; t2++) { acc += att[row + t2] * qkv[(b * p.S + t2) * C3 + 2u * p.C + h * hs + i]; }
    out[o + i] = acc;
  }
}

@compute @workgroup_size(WG)
fn backward_scores(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = (wid.x + wid.y * nwg.x) * WG + lid; // ((b·NH + h)·S + t)
  if (r >= p.B * p.NH * p.S) { return; }
  let t = r % p.S;
  let h = (r / p.S) % p.NH;
  let b = r / (p.S * p.NH);
  let hs = p.C / p.NH;
  let C3 = 3u * p.C;
  let row = r * p.S;
  let o = (b * p.S + t) * p.C + h * hs; // dout_t (hs)

  // datt[t2] += value_t2 · dout_t; the softmax backward then uses the updated total.
  var s = 0.0;
  for (var t2 = 0u; t2 <= t; t2++) {
    let v = (b * p.S + t2) * C3 + 2u * p.C + h * hs;
    var d = 0.0;
    for (var i = 0u; i < hs; i++) { d += qkv[v + i] * dout[o + i]; }
    let total = datt[row + t2] + d;
    datt[row + t2] = total;
    s += att[row + t2] * total;
  }
  // Softmax backward: dpreatt[t3] += Σ_t2 att[t2]·(δ − att[t3])·datt[t2] = att[t3]·(datt[t3] − Σ att·datt).
  for (var t2 = 0u; t2 <= t; t2++) {
    dpreatt[row + t2] += att[row + t2] * (datt[row + t2] - s);
  }
}

@compute @workgroup_size(WG)
fn backward_qkv(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let idx = (wid.x + wid.y * nwg.x) * WG + lid; // (b·S + r)·C + c
  if (idx >= p.B * p.S * p.C) { return; } // no barriers below
  let c = idx % p.C;
  let r = (idx / p.C) % p.S;
  let b = idx / (p.C * p.S);
  let hs = p.C / p.NH;
  let h = c / hs;
  let C3 = 3u * p.C;
  let base = (b * p.NH + h) * p.S * p.S; // (b, h) block of preatt / att (S, S)

  // dq_r = scale · Σ_{t2 ≤ r} dpreatt[r, t2] · k_t2   (row r)
  var dq = 0.0;
  for (var t2 = 0u; t2 <= r; t2++) { dq += dpreatt[base + r * p.S + t2] * qkv[(b * p.S + t2) * C3 + p.C + c]; }
  // dk_r = scale · Σ_{t ≥ r} dpreatt[t, r] · q_t;  dv_r = Σ_{t ≥ r} att[t, r] · dout_t   (column r)
  var dk = 0.0;
  var dv = 0.0;
  for (var t = r; t < p.S; t++) {
    dk += dpreatt[base + t * p.S + r] * qkv[(b * p.S + t) * C3 + c];
    dv += att[base + t * p.S + r] * dout[(b * p.S + t) * p.C + c];
  }
  let at = (b * p.S + r) * C3 + c;
  dqkv[at] += dq * p.scale;
  dqkv[at + p.C] += dk * p.scale;
  dqkv[at + 2u * p.C] += dv;
}
