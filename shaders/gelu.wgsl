// GELU, tanh approximation as in GPT-2 (the maths: shaders/lib/gelu_math.wgsl, compiled first).
//   forward:  out = gelu(inp)                         (n elements)
//   backward: dinp += dout · gelu'(inp)
// The model runs GELU fused into its MLP's matrix products (matmul.wgsl gemm_bias_gelu,
// matmul_backward.wgsl); these entry points serve the op on its own.

override WG: u32 = 256;

struct Params {
  n: u32,
}

@group(0) @binding(0) var<storage, read> inp: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;   // forward
@group(0) @binding(2) var<uniform> p: Params;                     // forward

@group(0) @binding(1) var<storage, read> dout: array<f32>;        // backward
@group(0) @binding(2) var<storage, read_write> dinp: array<f32>;  // backward
@group(0) @binding(3) var<uniform> pb: Params;                    // backward

@compute @workgroup_size(WG)
fn forward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) { return; }
  out[i] = gelu_of(inp[i]);
}

@compute @workgroup_size(WG)
fn backward(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= pb.n) { return; }
  dinp[i] += gelu_grad(inp[i]) * dout[i];
}
