// Backward of the linear layer (llm.c matmul_backward) in ONE dispatch: the workgroups of the grid
// take one of three roles, by workgroup index (so every role is workgroup-uniform):
//   dinp    tiles [0, tiles_dinp):            dinp (N,C)  += dout (N,OC) · W (OC,C)
//   dweight tiles [tiles_dinp, +tiles_dw):    dW (OC,C)   += doutᵀ · inp (N,C)
//   dbias   columns [.., +OC) when HAS_BIAS:  dbias (OC)  += Σ_n dout[n, ·]  (workgroup reduction,
//           shaders/lib/reduce_*.wgsl compiled first)
// The two products use shaders/matmul.wgsl's tiling (BM×BN blocks, BK steps staged in workgroup
// memory, 4×4 micro-tiles in vec4 registers, K summed in a fixed order) — the same numbers as
// separate GEMM dispatches. With GELU, the layer's input was inp = gelu(pre) (the MLP's second
// layer) and the dinp role also applies GELU's derivative: dpre (N,C) += gelu'(pre)·dinp, on the
// dinp just accumulated (shaders/lib/gelu_math.wgsl) — the GELU backward dispatch folded in.
// Roles not used still have their bindings: the wrapper binds spare scratch there.

override HAS_BIAS: bool = true;
override GELU: bool = false;
override WG: u32 = 64; // = NT: the dbias role reduces with the whole workgroup

const BM = 32u;
const BN = 32u;
const BK = 16u;
const TM = 4u;
const TN = 4u;
const WX = BN / TN;
const WY = BM / TM;
const NT = WX * WY;

struct Params {
  N: u32,
  C: u32,
  OC: u32,
  tiles_x_dinp: u32, // column tiles of dinp: ⌈C / BN⌉
  tiles_dinp: u32,   // ⌈C / BN⌉ · ⌈N / BM⌉
  tiles_x_dw: u32,   // column tiles of dW: ⌈C / BN⌉
  tiles_dw: u32,     // ⌈C / BN⌉ · ⌈OC / BM⌉
}

@group(0) @binding(0) var<storage, read> dout: array<f32>;        // (N, OC)
@group(0) @binding(1) var<storage, read> weight: array<f32>;      // (OC, C)
@group(0) @binding(2) var<storage, read> inp: array<f32>;         // (N, C)
@group(0) @binding(3) var<storage, read> pre: array<f32>;         // (N, C), GELU: inp = gelu(pre)
@group(0) @binding(4) var<storage, read_write> dinp: array<f32>;  // (N, C)
@group(0) @binding(5) var<storage, read_write> dweight: array<f32>; // (OC, C)
@group(0) @binding(6) var<storage, read_write> dbias: array<f32>; // (OC)
@group(0) @binding(7) var<storage, read_write> dpre: array<f32>;  // (N, C), GELU
@group(0) @binding(8) var<uniform> p: Params;

var<workgroup> As: array<vec4f, BK * BM / 4u>;
var<workgroup> Bs: array<vec4f, BK * BN / 4u>;

// dinp role: A = dout (M = N rows, K = OC) as stored, B = W (K = OC, N = C) as stored.
// dweight role: A = doutᵀ (M = OC, K = N), i.e. dout read transposed, B = inp (K = N, N = C).
fn load_a(dw_role: bool, m: u32, k: u32, M: u32, K: u32) -> f32 {
  if (m >= M || k >= K) { return 0.0; }
  if (dw_role) { return dout[k * p.OC + m]; }
  return dout[m * p.OC + k];
}

fn load_b(dw_role: bool, k: u32, n: u32, K: u32) -> f32 {
  if (k >= K || n >= p.C) { return 0.0; }
  if (dw_role) { return inp[k * p.C + n]; }
  return weight[k * p.C + n];
}

fn block_product(dw_role: bool, m0: u32, n0: u32, lid: u32, M: u32, K: u32) -> array<vec4f, 4> {
  let tx = lid % WX;
  let ty = lid / WX;
  var acc0 = vec4f(0.0); var acc1 = vec4f(0.0); var acc2 = vec4f(0.0); var acc3 = vec4f(0.0);
  let steps = (K + BK - 1u) / BK;
  for (var s = 0u; s < steps; s++) {
    let k0 = s * BK;
    // Consecutive invocations read consecutive addresses: along k for dout as stored (dinp role),
    // along m for dout read transposed (dweight role); B is stored (K, N): along n.
    for (var e = lid; e < BK * BM; e += NT) {
      var m: u32; var k: u32;
      if (dw_role) { k = e / BM; m = e % BM; } else { m = e / BK; k = e % BK; }
      As[k * (BM / 4u) + m / 4u][m % 4u] = load_a(dw_role, m0 + m, k0 + k, M, K);
    }
    for (var e = lid; e < BK * BN; e += NT) {
      let k = e / BN;
      let n = e % BN;
      Bs[k * (BN / 4u) + n / 4u][n % 4u] = load_b(dw_role, k0 + k, n0 + n, K);
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k++) {
      let ar = As[k * (BM / 4u) + ty];
      let br = Bs[k * (BN / 4u) + tx];
      acc0 += ar.x * br; acc1 += ar.y * br; acc2 += ar.z * br; acc3 += ar.w * br;
    }
    workgroupBarrier();
  }
  return array<vec4f, 4>(acc0, acc1, acc2, acc3);
}

@compute @workgroup_size(NT)
fn backward(ci: ComputeIn, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let lid = ci.lid;
  let w = wid.x + wid.y * nwg.x;
  if (w < p.tiles_dw + p.tiles_dinp) {
    let dw_role = w >= p.tiles_dinp;
    var t = w;
    var tiles_x = p.tiles_x_dinp;
    var M = p.N;
    var K = p.OC;
    if (dw_role) { t = w - p.tiles_dinp; tiles_x = p.tiles_x_dw; M = p.OC; K = p.N; }
    let m0 = (t / tiles_x) * BM;
    let n0 = (t % tiles_x) * BN;
    let acc = block_product(dw_role, m0, n0, lid, M, K);
    for (var i = 0u; i < TM; i++) {
      let m = m0 + (lid / WX) * TM + i;
      for (var j = 0u; j < TN; j++) {
        let n = n0 + (lid % WX) * TN + j;
        if (m < M && n < p.C) {
          let idx = m * p.C + n;
          if (dw_role) {
            dweight[idx] += acc[i][j];
          } else {
            let v = dinp[idx] + acc[i][j];
            dinp[idx] = v;
            if (GELU) { dpre[idx] += gelu_grad(pre[idx]) * v; }
          }
        }
      }
    }
    return;
  }
  if (!HAS_BIAS) { return; }
  let o = w - p.tiles_dinp - p.tiles_dw;
  if (o >= p.OC) { return; } // workgroup-uniform
  var s = 0.0;
  for (var n = lid; n < p.N; n += WG) { s += dout[n * p.OC + o]; }
  s = wg_sum(s, ci);
  if (lid == 0u) { dbias[o] += s; }
}
