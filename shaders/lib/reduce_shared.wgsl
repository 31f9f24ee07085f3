// Workgroup reductions without subgroups: a tree in workgroup memory. Kernels that reduce are
// compiled as this file (or reduce_subgroup.wgsl, same interface) followed by the kernel's file.
// Interface: struct ComputeIn (per-invocation builtins), wg_sum, wg_max. Workgroup-uniform
// builtins (workgroup_id, num_workgroups) must be separate entry-point parameters: uniformity
// analysis treats a whole struct as non-uniform once one member (lid) is. The kernel declares
// `override WG: u32` (a power of two) and `@workgroup_size(WG)`. Call from uniform control flow.

struct ComputeIn {
  @builtin(local_invocation_index) lid: u32,
}

var<workgroup> red_scratch: array<f32, WG>;

fn wg_sum(x: f32, ci: ComputeIn) -> f32 {
  red_scratch[ci.lid] = x;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (ci.lid < s) { red_scratch[ci.lid] = red_scratch[ci.lid] + red_scratch[ci.lid + s]; }
    workgroupBarrier();
  }
  let r = red_scratch[0];
  workgroupBarrier(); // the scratch is reused by the next reduction
  return r;
}

fn wg_max(x: f32, ci: ComputeIn) -> f32 {
  red_scratch[ci.lid] = x;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (ci.lid < s) { red_scratch[ci.lid] = max(red_scratch[ci.lid], red_scratch[ci.lid + s]); }
    workgroupBarrier();
  }
  let r = red_scratch[0];
  workgroupBarrier();
  return r;
}
