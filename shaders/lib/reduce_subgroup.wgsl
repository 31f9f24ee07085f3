// Workgroup reductions with subgroups: reduce inside each subgroup in registers, then combine the
// per-subgroup partials from workgroup memory. Same interface as reduce_shared.wgsl.
// Subgroups of a 1-D workgroup are taken to be consecutive runs of local_invocation_index
// (true of the implementations we test on; the parity tests would catch an adapter where it is not).
enable subgroups;

struct ComputeIn {
  @builtin(local_invocation_index) lid: u32,
  @builtin(subgroup_invocation_id) sg_lane: u32,
  @builtin(subgroup_size) sg_size: u32,
}

var<workgroup> red_scratch: array<f32, WG>;

fn wg_sum(x: f32, ci: ComputeIn) -> f32 {
  let part = subgroupAdd(x);
  if (ci.sg_lane == 0u) { red_scratch[ci.lid / ci.sg_size] = part; }
  workgroupBarrier();
  let n = (WG + ci.sg_size - 1u) / ci.sg_size;
  var r = 0.0;
  for (var i = 0u; i < n; i++) { r += red_scratch[i]; }
  workgroupBarrier();
  return r;
}

fn wg_max(x: f32, ci: ComputeIn) -> f32 {
  let part = subgroupMax(x);
  if (ci.sg_lane == 0u) { red_scratch[ci.lid / ci.sg_size] = part; }
  workgroupBarrier();
  let n = (WG + ci.sg_size - 1u) / ci.sg_size;
  var r = red_scratch[0];
  for (var i = 1u; i < n; i++) { r = max(r, red_scratch[i]); }
  workgroupBarrier();
  return r;
}
