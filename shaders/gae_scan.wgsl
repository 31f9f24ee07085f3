// Generalized Advantage Estimation, parallel variant: a reverse scan of affine maps. Same maths
// and outputs as gae.wgsl (Schulman et al. 2016, eq. 16; docs/conventions.md §3).
//   rewards, values, mask (B, T) → advantages, returns (B, T)
//
// Each step of the recursion is an affine map of the advantage that follows it,
//   f_t(x) = δ_t + c_t·x,   c_t = γλ·m_{t+1},   so   A_t = (f_t ∘ f_{t+1} ∘ … ∘ f_{T−1})(0).
// A map is the pair (a, b) for x ↦ a·x + b, and composition (earlier position outermost) is
//   (a1, b1) ∘ (a2, b2) = (a1·a2, a1·b2 + b1),
// which is associative but not commutative, so the scan runs from the end of the row towards the
// start and always keeps the lower position on the left (Blelloch 1990, "Prefix sums and their
// applications", §1.4 on first-order linear recurrences). Masked positions are the map (0, 0):
// their A is 0 and nothing from them reaches the previous position (c_{t−1} = γλ·m_t = 0 anyway).
//
// One workgroup per row. The row is processed in chunks of CHUNK = WG·ITEMS positions, last chunk
// first; a scalar carry (A at the first position of the chunk just done) links the chunks. Inside
// a chunk the scan is the work-efficient "serial-then-parallel" kind (Harris et al. 2007, GPU Gems
// 3 ch. 39, §39.2.5; Merrill & Garland's raking): coalesced loads into workgroup memory, each
// invocation composes its ITEMS consecutive maps serially, a Hillis–Steele scan (log2 WG steps)
// combines the WG partial maps, then each invocation re-walks its ITEMS maps from the value that
// enters its segment. Work O(T + (T/ITEMS)·log WG) per row, depth O(ITEMS + log WG) per chunk.

override WG: u32 = 64;
override ITEMS: u32 = 4;

struct Params {
  B: u32,
  T: u32,
  gamma: f32,
  gl: f32, // γ·λ, multiplied in float64 on the host
}

@group(0) @binding(0) var<storage, read> rewards: array<f32>;
@group(0) @binding(1) var<storage, read> values: array<f32>;
@group(0) @binding(2) var<storage, read> mask: array<f32>;
@group(0) @binding(3) var<storage, read_write> advantages: array<f32>;
@group(0) @binding(4) var<storage, read_write> returns: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;

var<workgroup> map_a: array<f32, WG * ITEMS>; // (CHUNK) per position: a, then (after the re-walk) unused
var<workgroup> map_b: array<f32, WG * ITEMS>; // (CHUNK) per position: b, then A_t
var<workgroup> part_a: array<f32, WG>; // (WG) per invocation: its segment's composed map
var<workgroup> part_b: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.B) { return; } // workgroup-uniform, so the barriers below stay uniform
  let T = p.T;
  let base = row * T;
  let chunk = WG * ITEMS;
  let n_chunks = (T + chunk - 1u) / chunk;
  var carry = 0.0; // A at the first position after the current chunk (0 past the end of the row)

  for (var c = n_chunks; c > 0u; c--) {
    let start = (c - 1u) * chunk;

    // 1. Coalesced loads: the map (c_t, δ_t) of each position; identity (1, 0) past the end.
    for (var k = 0u; k < ITEMS; k++) {
      let j = lid + k * WG;
      let t = start + j;
      var a = 1.0;
      var b = 0.0;
      if (t < T) {
        let m = mask[base + t];
        var m_next = 0.0;
        var v_next = 0.0;
        if (t + 1u < T) {
          m_next = mask[base + t + 1u];
          v_next = select(0.0, values[base + t + 1u], m_next != 0.0);
        }
        let live = m != 0.0;
        a = select(0.0, p.gl * m_next, live);
        b = select(0.0, rewards[base + t] + p.gamma * v_next * m_next - values[base + t], live);
      }
      map_a[j] = a;
      map_b[j] = b;
    }
    workgroupBarrier();

    // 2. Serial composition of this invocation's ITEMS consecutive maps, highest position innermost.
    let lo = lid * ITEMS;
    var acc_a = map_a[lo + ITEMS - 1u];
    var acc_b = map_b[lo + ITEMS - 1u];
    for (var k = ITEMS - 1u; k > 0u; k--) {
      let a = map_a[lo + k - 1u];
      acc_b = a * acc_b + map_b[lo + k - 1u];
      acc_a = a * acc_a;
    }
    part_a[lid] = acc_a;
    part_b[lid] = acc_b;
    workgroupBarrier();

    // 3. Hillis–Steele inclusive suffix scan over the WG partial maps:
    //    part[lid] ← part[lid] ∘ part[lid + d]; afterwards part[lid] = P_lid ∘ P_{lid+1} ∘ … ∘ P_{WG−1}.
    for (var d = 1u; d < WG; d = d * 2u) {
      var na = part_a[lid];
      var nb = part_b[lid];
      if (lid + d < WG) {
        nb = na * part_b[lid + d] + nb;
        na = na * part_a[lid + d];
      }
      workgroupBarrier();
      part_a[lid] = na;
      part_b[lid] = nb;
      workgroupBarrier();
    }

    // 4. The value entering this segment from above: (exclusive suffix)(carry); then re-walk the
    //    segment downwards, leaving A_t in map_b. The whole chunk's map, part[0], gives the next carry.
    var x = carry;
    if (lid + 1u < WG) { x = part_a[lid + 1u] * carry + part_b[lid + 1u]; }
    for (var k = ITEMS; k > 0u; k--) {
      let j = lo + k - 1u;
      x = map_a[j] * x + map_b[j];
      map_b[j] = x;
    }
    carry = part_a[0] * carry + part_b[0];
    workgroupBarrier();

    // 5. Coalesced stores; masked positions already hold A = 0 and get returns = 0.
    for (var k = 0u; k < ITEMS; k++) {
      let j = lid + k * WG;
      let t = start + j;
      if (t < T) {
        let i = base + t;
        let live = mask[i] != 0.0;
        let a = map_b[j];
        advantages[i] = a;
        returns[i] = select(0.0, a + values[i], live);
      }
    }
    workgroupBarrier(); // map_* and part_* are rewritten by the next chunk
  }
}
