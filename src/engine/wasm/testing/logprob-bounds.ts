/**
 * First-order float32 error bounds of the wasm log-prob kernel (../assembly/logprobs.ts) against the
 * float64 reference (src/engine/rl/logprobs.ts), per element, computed in float64 from the inputs.
 * U = 2⁻²⁴ (float32 unit roundoff). The steps of the kernel and what each contributes:
 * - d_j = (l_j − max l)·(1/T) in float32: the subtraction, the product and the float32 1/T each round
 *   once — |δd_j| ≤ 3U·|d_j|;
 * - e_j = exp4(d_j): 4 ulp of 2⁻²³ = 8U relative (fast-math.test.ts), plus |δd_j| carried through exp;
 *   below −87.3 it is 0 (the reference's value there is < 1.2e-38 of the row's largest, 1);
 * - s = Σ e_j in four lanes of ⌈V/4⌉ terms, two lane adds and ≤ 3 tail adds: (V/4 + 5)·U relative
 *   (Higham's γ_n), so log s is off by rel(s) absolutely; H = log s − sez/s likewise with sez = Σ e·d;
 * - every float32 result (a store, a cast of log s or H, a product, a sum) rounds once more: U·|x|;
 *   the reference's own float32 store of the same value: U·|want| on top.
 */
export const U = 2 ** -24;
const EXP = 8 * U;

export interface RowBounds {
  logprob: number;
  entropy: number;
}

interface Row {
  d: Float64Array;
  p: Float64Array;
  logS: number;
  H: number;
  errLogS: number;
  errH: number;
}

function row(logits: ArrayLike<number>, base: number, V: number, temperature: number): Row {
  const invT = 1 / temperature;
  let m = -Infinity;
  for (let j = 0; j < V; j++) m = Math.max(m, logits[base + j] * invT);
  const d = new Float64Array(V), p = new Float64Array(V);
  let s = 0, sez = 0;
  for (let j = 0; j < V; j++) {
    d[j] = logits[base + j] * invT - m;
    const e = Math.exp(d[j]);
    s += e;
    if (e > 0) sez += e * d[j];
  }
  const logS = Math.log(s), H = logS - sez / s, mu = -sez / s;
  let relS = (V / 4 + 5) * U, relSez = 0;
  for (let j = 0; j < V; j++) {
    p[j] = Math.exp(d[j] - logS);
    if (!(p[j] > 0)) continue;
    const ad = Math.abs(d[j]);
    relS += p[j] * (EXP + 3 * U * ad);
    relSez += p[j] * ad * (EXP + 3 * U * ad + 4 * U); // e·d: e's error, d's error, the product
  }
  if (Number.isFinite(m)) for (let j = 0; j < V; j++) if (d[j] < -87.3) relS += Math.exp(d[j] - logS); // flushed to 0
  const errLogS = relS;
  const errH = errLogS + relSez + mu * ((V / 4 + 5) * U + relS) + U * Math.abs(H);
  return { d, p, logS, H, errLogS, errH };
}

/** Bounds of logprob[b,t] and entropy[b,t] (B·T of each, row-major). */
export function forwardBounds(logits: ArrayLike<number>, seq: Int32Array, B: number, T: number, S: number, P: number, V: number, temperature: number): { logprob: Float64Array; entropy: Float64Array } {
  const lp = new Float64Array(B * T), ent = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const r = row(logits, (b * S + P + t - 1) * V, V, temperature);
      const tok = seq[b * S + P + t];
      const value = r.d[tok] - r.logS;
      lp[b * T + t] = 3 * U * Math.abs(r.d[tok]) + r.errLogS + 2 * U * Math.abs(value);
      ent[b * T + t] = r.errH + 2 * U * Math.abs(r.H);
    }
  }
  return { logprob: lp, entropy: ent };
}

/**
 * Bounds of dlogits (B,S,V) after the backward (zero where the kernel writes nothing). `want` is the
 * reference's result (its own float32 accumulation rounds once: U·|want|).
 */
export function backwardBounds(want: Float32Array, dlogprobs: ArrayLike<number>, dentropy: ArrayLike<number>, logits: ArrayLike<number>, seq: Int32Array, B: number, T: number, S: number, P: number, V: number, temperature: number): Float64Array {
  const out = new Float64Array(want.length);
  const invT = 1 / temperature;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const g = dlogprobs[b * T + t], h = dentropy[b * T + t];
      if (g === 0 && h === 0) continue;
      const base = (b * S + P + t - 1) * V, tok = seq[b * S + P + t];
      const r = row(logits, base, V, temperature);
      const errH32 = r.errH + U * Math.abs(r.H);
      for (let j = 0; j < V; j++) {
        const logp = r.d[j] - r.logS, p = r.p[j];
        // log p_j = d_j − (float32) log s; a = log p_j + H; coef = −g − h·a; dz = p·coef (+ g at the
        // token, added in one more rounding): one rounding per step
        const errLogp = 3 * U * Math.abs(r.d[j]) + r.errLogS + U * Math.abs(r.logS) + U * Math.abs(logp);
        const a = logp + r.H, coef = -g - h * a, pc = p > 0 ? p * coef : 0, dz = pc + (j === tok ? g : 0);
        const errA = errLogp + errH32 + U * Math.abs(a);
        const errCoef = Math.abs(h) * errA + U * Math.abs(h * a) + U * Math.abs(coef);
        let err = p > 0 ? p * (Math.abs(coef) * (EXP + errLogp) + errCoef) + U * Math.abs(pc) : 0;
        if (j === tok) err += U * Math.abs(dz);
        if (p > 0 && logp < -87.3) err += Math.abs(pc); // the kernel's p is 0 there
        err = err * invT + 2 * U * Math.abs(dz * invT); // × (float32) 1/T
        out[base + j] = err + 2 * U * Math.abs(want[base + j]);
      }
    }
  }
  return out;
}
