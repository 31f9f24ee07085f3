// Linear layer forward (llm.c matmul_forward) as one tiled GEMM:
//
//   c (M, N) [+]= A (M, K) · B (K, N) [+ bias (N)]
//
// where A and B are read either as stored or transposed (override constants):
//   forward   out (N,OC)   = inp (N,C)   · Wᵀ            A = inp,   B = W stored (OC,C)  TRANS_B
// gemm_bias_gelu also writes gelu(c) to a second output (the MLP's first layer: fch and
// fch_gelu in one dispatch; GELU from shaders/lib/gelu_math.wgsl). The backward products (dinp,
// dweight, dbias, optionally through GELU) are one dispatch in shaders/matmul_backward.wgsl, the
// same tiling. Every output element is owned by exactly one invocation that sums over K in a fixed
// order, so results are deterministic (no float atomics exist in WGSL, and none are needed).
//
// Tiling: a workgroup computes a BM×BN block of c. Each step stages a BM×BK slice of A and a
// BK×BN slice of B in workgroup memory (zero-padded past M, N, K, so no size needs to be a
// multiple of a tile), then each of the 8×8 invocations accumulates its own 4×4 micro-tile
// (rows 4·ty.., columns 4·tx..) in four vec4 registers: per k, one 16-byte read of A's column
// slice and one of B's row slice feed 16 FMAs. The tiles are stored as vec4 for exactly those
// reads. The micro-tile is fully unrolled: a per-invocation array indexed in a loop is kept in
// memory by some compilers (an A/B run on SwiftShader: 2.5–4× slower with the array).

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override ACCUM: bool = false; // c += product instead of c = product

const BM = 32u;
const BN = 32u;
const BK = 16u;
const TM = 4u; // micro-tile rows and columns: fixed at 4 by the vec4 accumulators
const TN = 4u;
const WX = BN / TN; // invocations across columns
const WY = BM / TM; // invocations across rows
const NT = WX * WY; // invocations per workgroup (64)

struct Params {
  M: u32,
  N: u32,
  K: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;            // gemm, gemm_bias
@group(0) @binding(4) var<storage, read_write> c_gelu: array<f32>; // gemm_bias_gelu: gelu(c)
@group(0) @binding(5) var<uniform> pg: Params;            // gemm_bias_gelu

var<workgroup> As: array<vec4f, BK * BM / 4u>; // As[k][m] = As[k * BM/4 + m/4][m % 4]
var<workgroup> Bs: array<vec4f, BK * BN / 4u>; // Bs[k][n] = Bs[k * BN/4 + n/4][n % 4]

// Sizes come in as a value, not from a uniform: the entry points keep their Params at different bindings.
fn load_a(m: u32, k: u32, d: Params) -> f32 {
  if (m >= d.M || k >= d.K) { return 0.0; }
  if (TRANS_A) { return a[k * d.M + m]; } // stored (K, M)
  return a[m * d.K + k]; // stored (M, K)
}

fn load_b(k: u32, n: u32, d: Params) -> f32 {
  if (k >= d.K || n >= d.N) { return 0.0; }
  if (TRANS_B) { return b[n * d.K + k]; } // stored (N, K)
  return b[k * d.N + n]; // stored (K, N)
}

// The 4×4 partial products of invocation `lid` for the block at (m0, n0), summed over all of K:
// element [i][j] is row m0 + 4·ty + i, column n0 + 4·tx + j. Called from uniform control flow (the
// loop bounds depend only on Params), as the barriers require.
fn block_product(m0: u32, n0: u32, lid: u32, d: Params) -> array<vec4f, 4> {
  let tx = lid % WX;
  let ty = lid / WX;
  var acc0 = vec4f(0.0); var acc1 = vec4f(0.0); var acc2 = vec4f(0.0); var acc3 = vec4f(0.0);
  let steps = (d.K + BK - 1u) / BK;
  for (var s = 0u; s < steps; s++) {
    let k0 = s * BK;
    // Stage the tiles. Consecutive invocations read consecutive global addresses: along k when
    // the matrix is stored with k fastest, along m (or n) otherwise.
    for (var e = lid; e < BK * BM; e += NT) {
      var m: u32; var k: u32;
      if (TRANS_A) { k = e / BM; m = e % BM; } else { m = e / BK; k = e % BK; }
      As[k * (BM / 4u) + m / 4u][m % 4u] = load_a(m0 + m, k0 + k, d);
    }
    for (var e = lid; e < BK * BN; e += NT) {
      var n: u32; var k: u32;
      if (TRANS_B) { n = e / BK; k = e % BK; } else { k = e / BN; n = e % BN; }
      Bs[k * (BN / 4u) + n / 4u][n % 4u] = load_b(k0 + k, n0 + n, d);
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k++) {
      let ar = As[k * (BM / 4u) + ty];
      let br = Bs[k * (BN / 4u) + tx];
      acc0 += ar.x * br; acc1 += ar.y * br; acc2 += ar.z * br; acc3 += ar.w * br;
    }
    workgroupBarrier(); // the tiles are overwritten by the next step
  }
  return array<vec4f, 4>(acc0, acc1, acc2, acc3);
}

fn write_c(idx: u32, v: f32) {
  if (ACCUM) { c[idx] += v; } else { c[idx] = v; }
}

@compute @workgroup_size(NT)
fn gemm(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let m0 = wid.y * BM;
  let n0 = wid.x * BN;
  let acc = block_product(m0, n0, lid, p);
  for (var i = 0u; i < TM; i++) {
    let m = m0 + (lid / WX) * TM + i;
    for (var j = 0u; j < TN; j++) {
      let n = n0 + (lid % WX) * TN + j;
      if (m < p.M && n < p.N) { write_c(m * p.N + n, acc[i][j]); }
    }
  }
}

// Same as gemm, plus bias[n] (the forward pass of a layer with a bias). A separate entry point so
// that `gemm` does not bind a bias buffer at all.
@compute @workgroup_size(NT)
fn gemm_bias(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let m0 = wid.y * BM;
  let n0 = wid.x * BN;
  let acc = block_product(m0, n0, lid, p);
  for (var i = 0u; i < TM; i++) {
    let m = m0 + (lid / WX) * TM + i;
    for (var j = 0u; j < TN; j++) {
      let n = n0 + (lid % WX) * TN + j;
      if (m < p.M && n < p.N) { write_c(m * p.N + n, acc[i][j] + bias[n]); }
    }
  }
}

// Same as gemm_bias (forward, not accumulating), plus c_gelu = gelu(c) from the value just computed:
// the MLP's fc layer and its activation in one dispatch, the same numbers as the two separately.
@compute @workgroup_size(NT)
fn gemm_bias_gelu(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let m0 = wid.y * BM;
  let n0 = wid.x * BN;
  let acc = block_product(m0, n0, lid, pg);
  for (var i = 0u; i < TM; i++) {
    let m = m0 + (lid / WX) * TM + i;
    for (var j = 0u; j < TN; j++) {
      let n = n0 + (lid % WX) * TN + j;
      if (m < pg.M && n < pg.N) {
        let v = acc[i][j] + bias[n];
        c[m * pg.N + n] = v;
        c_gelu[m * pg.N + n] = gelu_of(v);
      }
    }
  }
}
