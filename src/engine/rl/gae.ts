/**
 * Generalized Advantage Estimation (Schulman et al. 2016, "High-Dimensional Continuous Control
 * Using Generalized Advantage Estimation", eq. 16) over response positions, reverse in time, as in
 * docs/conventions.md §3 and TRL's PPOTrainer:
 *
 *   δ_t = r_t + γ·V_{t+1}·m_{t+1} − V_t
 *   A_t = δ_t + γλ·m_{t+1}·A_{t+1}            (A_T = V_T = 0: nothing after the last position)
 *   returns_t = A_t + V_t                     (before any whitening; whitening is another op)
 *
 * The mask is 1 for real tokens (up to and including EOS) and 0 after, so m_{t+1} = 0 at the last
 * real token gives "V = 0 after the last real token". Positions with m_t = 0 write 0 to both
 * outputs and count as V = A = 0 for their predecessor, so whatever padding holds (rewards, values)
 * never enters the arithmetic. The CPU reference the WGSL kernels (gae.wgsl, gae_scan.wgsl) are
 * checked against; float64 inside.
 */
export type Vec = Float32Array | Float64Array;

export function gae(
  advantages: Vec, // (B, T) out
  returns: Vec, // (B, T) out
  rewards: Vec, // (B, T)
  values: Vec, // (B, T)
  mask: Vec, // (B, T)
  B: number,
  T: number,
  gamma: number,
  lambda: number,
): void {
  checkGae(B, T, gamma, lambda, [advantages, returns, rewards, values, mask]);
  const gl = gamma * lambda;
  for (let b = 0; b < B; b++) {
    const o = b * T;
    let nextA = 0; // A_{t+1} (0 past the end or at a masked position)
    let nextV = 0; // V_{t+1}
    let nextM = 0; // m_{t+1}
    for (let t = T - 1; t >= 0; t--) {
      const m = mask[o + t];
      if (m === 0) {
        advantages[o + t] = 0;
        returns[o + t] = 0;
        nextA = nextV = nextM = 0;
        continue;
      }
      const v = values[o + t];
      const delta = rewards[o + t] + gamma * nextV * nextM - v;
      const a = delta + gl * nextM * nextA;
      advantages[o + t] = a;
      returns[o + t] = a + v;
      nextA = a;
      nextV = v;
      nextM = m;
    }
  }
}

function checkGae(B: number, T: number, gamma: number, lambda: number, arrays: { length: number }[]): void {
  if (!(gamma >= 0 && gamma <= 1)) throw new RangeError(`gae: gamma must be in [0, 1], got ${gamma}`);
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`gae: lambda must be in [0, 1], got ${lambda}`);
  for (const a of arrays) if (a.length < B * T) throw new RangeError(`gae: a tensor of ${a.length} elements is shorter than B×T = ${B * T}`);
}
