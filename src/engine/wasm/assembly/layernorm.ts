// Layer normalisation in float32 with four-lane SIMD; reference src/engine/cpu/layernorm.ts
// (eps 1e-5, biased variance). Row sums run in four lanes over channel groups of 4, then a
// fixed-order lane sum and the remaining channels.
import { at, hsum, ldf, stf } from './mem';

const EPS: f32 = 1e-5;

/** out (N,C) = (inp − mean)·rstd·weight + bias; mean (N), rstd (N) saved for the backward. */
export function layernormForward(out: usize, mean: usize, rstd: usize, inp: usize, weight: usize, bias: usize, N: i32, C: i32): void {
  const C4 = C & ~3;
  for (let n = 0; n < N; n++) {
    const x = at(inp, n * C), y = at(out, n * C);
    let s = f32x4.splat(0);
    for (let c = 0; c < C4; c += 4) s = f32x4.add(s, v128.load(at(x, c)));
    let sum = hsum(s);
    for (let c = C4; c < C; c++) sum += ldf(x, c);
    const m = sum / <f32>C;
    const mv = f32x4.splat(m);
    let q = f32x4.splat(0);
    for (let c = 0; c < C4; c += 4) { const d = f32x4.sub(v128.load(at(x, c)), mv); q = f32x4.add(q, f32x4.mul(d, d)); }
    let sq = hsum(q);
    for (let c = C4; c < C; c++) { const d = ldf(x, c) - m; sq += d * d; }
    const r: f32 = 1 / Mathf.sqrt(sq / <f32>C + EPS);
    const rv = f32x4.splat(r);
    for (let c = 0; c < C4; c += 4) {
      const xh = f32x4.mul(f32x4.sub(v128.load(at(x, c)), mv), rv);
      v128.store(at(y, c), f32x4.add(f32x4.mul(xh, v128.load(at(weight, c))), v128.load(at(bias, c))));
    }
    for (let c = C4; c < C; c++) stf(y, c, (ldf(x, c) - m) * r * ldf(weight, c) + ldf(bias, c));
    stf(mean, n, m);
    stf(rstd, n, r);
  }
}

/** Accumulates dinp (N,C), dweight (C), dbias (C); dx = rstd·(g − mean(g) − x̂·mean(g·x̂)), g = weight·dout. */
export function layernormBackward(dinp: usize, dweight: usize, dbias: usize, dout: usize, inp: usize, weight: usize, mean: usize, rstd: usize, N: i32, C: i32): void {
  const C4 = C & ~3;
  const invC: f32 = 1 / <f32>C;
  for (let n = 0; n < N; n++) {
    const x = at(inp, n * C), d = at(dout, n * C), dx = at(dinp, n * C);
    const m = ldf(mean, n), r = ldf(rstd, n);
    const mv = f32x4.splat(m), rv = f32x4.splat(r);
    let gs = f32x4.splat(0), gxs = f32x4.splat(0);
    for (let c = 0; c < C4; c += 4) {
      const xh = f32x4.mul(f32x4.sub(v128.load(at(x, c)), mv), rv);
      const dv = v128.load(at(d, c));
      const g = f32x4.mul(v128.load(at(weight, c)), dv);
      gs = f32x4.add(gs, g);
      gxs = f32x4.add(gxs, f32x4.mul(g, xh));
      v128.store(at(dweight, c), f32x4.add(v128.load(at(dweight, c)), f32x4.mul(xh, dv)));
      v128.store(at(dbias, c), f32x4.add(v128.load(at(dbias, c)), dv));
    }
    let gMean = hsum(gs), gxMean = hsum(gxs);
    for (let c = C4; c < C; c++) {
      const xh = (ldf(x, c) - m) * r;
      const g = ldf(weight, c) * ldf(d, c);
      gMean += g;
      gxMean += g * xh;
      stf(dweight, c, ldf(dweight, c) + xh * ldf(d, c));
      stf(dbias, c, ldf(dbias, c) + ldf(d, c));
    }
    gMean *= invC;
    gxMean *= invC;
    const gm = f32x4.splat(gMean), gxm = f32x4.splat(gxMean);
    for (let c = 0; c < C4; c += 4) {
      const xh = f32x4.mul(f32x4.sub(v128.load(at(x, c)), mv), rv);
      const g = f32x4.mul(v128.load(at(weight, c)), v128.load(at(d, c)));
      const t = f32x4.mul(rv, f32x4.sub(f32x4.sub(g, gm), f32x4.mul(xh, gxm)));
      v128.store(at(dx, c), f32x4.add(v128.load(at(dx, c)), t));
    }
    for (let c = C4; c < C; c++) {
      const xh = (ldf(x, c) - m) * r;
      stf(dx, c, ldf(dx, c) + r * (ldf(weight, c) * ldf(d, c) - gMean - xh * gxMean));
    }
  }
}
