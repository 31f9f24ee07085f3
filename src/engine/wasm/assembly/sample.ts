// The rollout's categorical draw in float32 with four-lane SIMD: a token from softmax(logits / T) by
// inverse CDF for a given uniform u; reference drawToken in src/engine/cpu/sample.ts (float64). The
// JS wrapper (../kernels.ts) draws u (Philox, as the reference), skips ended rows and writes seq.
//
// e_j = e^{(l_j − max l)·(1/T)} (the reference's exp(z_j − max z), z = l·(1/T)); the token is the
// first j with u·Σe < e_0 + … + e_j, which is the reference's u < Σ_{i≤j} e_i / Σe without a
// division per token. Float32 rounding moves each partial sum by a few ulp, so the two can pick
// neighbouring tokens when u lies that close to a boundary of the CDF (tested: kernels-rl.test.ts).
import { rowMax } from './crossentropy';
import { exp1, exp4 } from './fast-math';
import { at, hsum, ldf, ldi, stf, sti } from './mem';

/**
 * tokens[i] ← the draw from row rows[i] of logits (rows of V) with uniform us[i] ∈ [0, 1), for
 * i < n; e is scratch for V floats. If rounding leaves u·Σe at or above the last partial sum, the
 * last token with e > 0 is taken (never one of probability 0), as the reference does. (e underflows
 * to 0 where d < −87.3, whose probability the float64 reference still holds as > 0: the two can differ
 * there only when u lies within rounding of 1.)
 */
export function sampleDraw(tokens: usize, logits: usize, rows: usize, us: usize, n: i32, V: i32, invT: f32, e: usize): void {
  const V4 = V & ~3;
  const iv = f32x4.splat(invT);
  for (let i = 0; i < n; i++) {
    const row = at(logits, ldi(rows, i) * V);
    const m = rowMax(row, V);
    const mv = f32x4.splat(m);
    let sv = f32x4.splat(0);
    for (let j = 0; j < V4; j += 4) {
      const x = exp4(f32x4.mul(f32x4.sub(v128.load(at(row, j)), mv), iv));
      v128.store(at(e, j), x);
      sv = f32x4.add(sv, x);
    }
    let s = hsum(sv);
    for (let j = V4; j < V; j++) {
      const x = exp1((ldf(row, j) - m) * invT);
      stf(e, j, x);
      s += x;
    }
    const target = ldf(us, i) * s;
    let acc: f32 = 0;
    let tok = -1, lastLive = 0;
    for (let j = 0; j < V; j++) {
      const x = ldf(e, j);
      if (x > 0) lastLive = j;
      acc += x;
      if (target < acc) { tok = j; break; }
    }
    sti(tokens, i, tok < 0 ? lastLive : tok);
  }
}
