/**
 * Log-probabilities of the taken tokens and per-position entropy (docs/conventions.md §3), CPU reference in
 * float64. Row (b, t) of the response reads the logits of the position BEFORE its token:
 *   z = logits[b, P+t−1, :] / temperature,  logprob[b,t] = log softmax(z)[seq[b, P+t]],
 *   entropy[b,t] = −Σ_j p_j log p_j,  p = softmax(z)
 * (the shift of `gather_log_probs(logits[:, :-1], seq[:, 1:])` in TRL / DeepSpeed-Chat).
 * The WGSL kernel shaders/logprobs.wgsl and the CPU engine's WebAssembly kernel
 * (src/engine/wasm/assembly/logprobs.ts) are checked against these functions.
 */

/** Float32 in the engine; Float64 lets tests take finite differences without float32 rounding. */
type Floats = Float32Array | Float64Array;

function checkSizes(T: number, S: number, P: number, V: number, temperature: number): void {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  if (P < 1) throw new RangeError(`logprobs: P must be ≥ 1 (row t reads the logits of position P+t−1), got ${P}`);
  if (P + T > S) throw new RangeError(`logprobs: P + T = ${P + T} exceeds S = ${S}`);
  if (V < 1) throw new RangeError(`logprobs: V must be ≥ 1`);
}

/** Softmax statistics of one logits row: z_j = logits_j / temperature, in float64. */
interface RowStats {
  /** max_j z_j */
  m: number;
  /** log Σ_j exp(z_j − m) */
  logS: number;
  /** −Σ p log p */
  H: number;
}

function rowStats(logits: Floats, base: number, V: number, invTemp: number): RowStats {
  let m = -Infinity;
  for (let j = 0; j < V; j++) m = Math.max(m, logits[base + j] * invTemp);
  let s = 0;
  let sez = 0; // Σ e_j (z_j − m): with it H = log s − sez / s, no log p_j needed
  for (let j = 0; j < V; j++) {
    const d = logits[base + j] * invTemp - m;
    const e = Math.exp(d);
    s += e;
    if (e > 0) sez += e * d; // e = 0 for −inf logits, where e·d would be NaN
  }
  const logS = Math.log(s);
  return { m, logS, H: logS - sez / s };
}

function tokenAt(seq: Int32Array, i: number, V: number): number {
  const tok = seq[i];
  if (!(tok >= 0 && tok < V)) throw new RangeError(`logprobs: token ${tok} at seq[${i}] outside [0, ${V})`);
  return tok;
}

/**
 * logprobs (B,T), entropy (B,T) ← logits (B,S,V), seq Int32 (B,S).
 * Requires P ≥ 1 and P + T ≤ S.
 */
export function logprobsForward(
  logprobs: Floats,
  entropy: Floats,
  logits: Floats,
  seq: Int32Array,
  B: number,
  T: number,
  S: number,
  P: number,
  V: number,
  temperature: number,
): void {
  checkSizes(T, S, P, V, temperature);
  const invTemp = 1 / temperature;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const base = (b * S + P + t - 1) * V; // logits row before the token
      const tok = tokenAt(seq, b * S + P + t, V);
      const { m, logS, H } = rowStats(logits, base, V, invTemp);
      logprobs[b * T + t] = logits[base + tok] * invTemp - m - logS;
      entropy[b * T + t] = H;
    }
  }
}

/**
 * dlogits (B,S,V) += ∂/∂logits of Σ dlogprobs·logprob + Σ dentropy·entropy.
 * Per row, with p = softmax(z), z = logits / temperature:
 *   ∂logprob/∂z_j = onehot_j − p_j,   ∂H/∂z_j = −p_j (log p_j + H),
 * then × 1/temperature (chain rule through z = logits / temperature). Only the B·T rows read by the
 * forward are touched; prompt rows and the last position keep their values.
 */
export function logprobsBackward(
  dlogits: Floats,
  dlogprobs: Floats,
  dentropy: Floats,
  logits: Floats,
  seq: Int32Array,
  B: number,
  T: number,
  S: number,
  P: number,
  V: number,
  temperature: number,
): void {
  checkSizes(T, S, P, V, temperature);
  const invTemp = 1 / temperature;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const g = dlogprobs[b * T + t];
      const h = dentropy[b * T + t];
      if (g === 0 && h === 0) continue; // masked position: nothing to add
      const base = (b * S + P + t - 1) * V;
      const tok = tokenAt(seq, b * S + P + t, V);
      const { m, logS, H } = rowStats(logits, base, V, invTemp);
      for (let j = 0; j < V; j++) {
        const logp = logits[base + j] * invTemp - m - logS;
        const p = Math.exp(logp);
        let dz = -g * p;
        if (j === tok) dz += g;
        if (p > 0) dz -= h * p * (logp + H); // p = 0 (−inf logit): the term is 0, not 0·(−inf)
        dlogits[base + j] += dz * invTemp;
      }
    }
  }
}
