// Log-probabilities of the taken tokens and per-position entropy (docs/conventions.md §3) in float32
// with four-lane SIMD; reference src/engine/rl/logprobs.ts (float64). Row (b, t) of the response
// reads the logits of the position BEFORE its token: logits[b, P+t−1, :] and seq[b, P+t]. Sizes and
// tokens are checked by the JS wrapper (../kernels.ts) before these run.
//
// Per row, with l the float32 logits and 1/T the inverse temperature:
//   d_j = (l_j − max l)·(1/T)   — the difference of two float32 logits first (exact when they are
//         within a factor of 2, else one rounding), so d_j's error is relative to d_j itself, not to
//         |l|: the reference's l·(1/T) − max(l·(1/T)) in float64 is the same number to ~2 ulp of d_j
//   s = Σ e^{d_j},  sez = Σ e^{d_j}·d_j  (lanes, then the rest),  log Z = log s (float64)
//   logprob = d_tok − log s,   entropy H = log s − sez / s   (no log p_j needed)
import { rowMax } from './crossentropy';
import { exp1, exp4 } from './fast-math';
import { at, hsum, ldf, ldi, stf } from './mem';

/** Σ e^{d_j} and Σ e^{d_j}·d_j of the last rowStats call. */
let rowSum: f32 = 0;
let rowSez: f32 = 0;

/**
 * rowSum, rowSez of the row at p (len logits, largest m). e·d is taken only where e > 0: a −∞ logit
 * has e = 0 and d = −∞, whose product would be NaN (the reference skips it the same way).
 */
@inline function rowStats(p: usize, len: i32, m: f32, invT: f32): void {
  const l4 = len & ~3;
  const mv = f32x4.splat(m), iv = f32x4.splat(invT), zero = f32x4.splat(0);
  let s = zero, sez = zero;
  for (let j = 0; j < l4; j += 4) {
    const d = f32x4.mul(f32x4.sub(v128.load(at(p, j)), mv), iv);
    const e = exp4(d);
    s = f32x4.add(s, e);
    sez = f32x4.add(sez, v128.and(f32x4.mul(e, d), f32x4.gt(e, zero)));
  }
  let sum = hsum(s), ed = hsum(sez);
  for (let j = l4; j < len; j++) {
    const d = (ldf(p, j) - m) * invT;
    const e = exp1(d);
    sum += e;
    if (e > 0) ed += e * d;
  }
  rowSum = sum;
  rowSez = ed;
}

/** logprobs (B,T), entropy (B,T) ← logits (B,S,V), seq (B,S) int32; invT = 1 / temperature. */
export function logprobsForward(logprobs: usize, entropy: usize, logits: usize, seq: usize, B: i32, T: i32, S: i32, P: i32, V: i32, invT: f32): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const row = at(logits, (b * S + P + t - 1) * V);
      const tok = ldi(seq, b * S + P + t);
      const m = rowMax(row, V);
      rowStats(row, V, m, invT);
      const logS = Math.log(<f64>rowSum);
      stf(logprobs, b * T + t, <f32>(<f64>((ldf(row, tok) - m) * invT) - logS));
      stf(entropy, b * T + t, <f32>(logS - <f64>rowSez / <f64>rowSum));
    }
  }
}

/**
 * dlogits (B,S,V) += ∂/∂logits of Σ dlogprobs·logprob + Σ dentropy·entropy (rows with both zero —
 * masked positions — are skipped, as in the reference). Per row, p = softmax(d), log p_j = d_j − log s:
 *   dz_j = −g·p_j − h·p_j·(log p_j + H)  (+ g at the token),   dlogits_j += dz_j·(1/T).
 * Where p_j is 0 in float32 (log p_j < −87.3, or a −∞ logit) dz_j is 0, as where the reference's
 * float64 p_j is 0 (the product p·(log p + H) would be 0·(−∞) = NaN for a −∞ logit). The token's
 * element is computed apart and added once, as in the reference (one rounding of the sum, not two).
 */
export function logprobsBackward(dlogits: usize, dlogprobs: usize, dentropy: usize, logits: usize, seq: usize, B: i32, T: i32, S: i32, P: i32, V: i32, invT: f32): void {
  const V4 = V & ~3;
  const zero = f32x4.splat(0), iv = f32x4.splat(invT);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const g = ldf(dlogprobs, b * T + t), h = ldf(dentropy, b * T + t);
      if (g == 0 && h == 0) continue;
      const row = at(logits, (b * S + P + t - 1) * V), drow = at(dlogits, (b * S + P + t - 1) * V);
      const tok = ldi(seq, b * S + P + t);
      const m = rowMax(row, V);
      rowStats(row, V, m, invT);
      const logS64 = Math.log(<f64>rowSum);
      const logS = <f32>logS64, H = <f32>(logS64 - <f64>rowSez / <f64>rowSum);
      const keep = ldf(drow, tok); // the token's element is written once, below
      const mv = f32x4.splat(m), lsv = f32x4.splat(logS), hv = f32x4.splat(H), gv = f32x4.splat(-g), negh = f32x4.splat(-h);
      for (let j = 0; j < V4; j += 4) {
        const logp = f32x4.sub(f32x4.mul(f32x4.sub(v128.load(at(row, j)), mv), iv), lsv);
        const p = exp4(logp);
        const coef = f32x4.add(gv, f32x4.mul(negh, f32x4.add(logp, hv)));
        const dz = v128.and(f32x4.mul(p, coef), f32x4.gt(p, zero));
        v128.store(at(drow, j), f32x4.add(v128.load(at(drow, j)), f32x4.mul(dz, iv)));
      }
      for (let j = V4; j < V; j++) {
        const logp = (ldf(row, j) - m) * invT - logS;
        const p = exp1(logp);
        if (p > 0) stf(drow, j, ldf(drow, j) + p * (-g - h * (logp + H)) * invT);
      }
      const lpt = (ldf(row, tok) - m) * invT - logS;
      const pt = exp1(lpt);
      let dzt = g;
      if (pt > 0) dzt += pt * (-g - h * (lpt + H));
      stf(drow, tok, keep + dzt * invT);
    }
  }
}
