/**
 * Causal multi-head self-attention on the CPU, after llm.c `attention_forward` /
 * `attention_backward`, with float64 accumulation. The reference for shaders/attention.wgsl.
 *
 * qkv (B, S, 3C) is packed: q = channels [0, C), k = [C, 2C), v = [2C, 3C); head h uses channels
 * h·hs .. (h+1)·hs of each, hs = C / NH. Scores are scaled by 1/√hs (Vaswani et al. 2017, eq. 1).
 * Causal: query t attends to keys t2 ≤ t. Masked entries (t2 > t) of preatt and att are written
 * as 0 so both buffers are fully defined (llm.c leaves preatt's masked entries unset).
 * Arrays may be Float64Array so finite-difference tests can run in float64 throughout.
 */
type Arr = Float32Array | Float64Array;

function checkHeads(C: number, NH: number): number {
  if (!Number.isInteger(NH) || NH < 1 || C % NH !== 0) throw new RangeError(`attention: C=${C} is not divisible by NH=${NH}`);
  return C / NH;
}

/** out (B, S, C), preatt (B, NH, S, S), att (B, NH, S, S) from qkv (B, S, 3C). */
export function attentionForward(
  out: Arr,
  preatt: Arr,
  att: Arr,
  qkv: Arr,
  B: number,
  S: number,
  C: number,
  NH: number,
): void {
  const hs = checkHeads(C, NH);
  const C3 = 3 * C;
  const scale = 1 / Math.sqrt(hs);
  const scores = new Float64Array(S); // one row of preatt, then of att, unrounded
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < S; t++) {
      for (let h = 0; h < NH; h++) {
        const q = (b * S + t) * C3 + h * hs; // query_t (hs)
        const row = ((b * NH + h) * S + t) * S; // preatt[b, h, t, :], att[b, h, t, :] (S)

        // pass 1: q·k, scaled, and the row max for a stable softmax
        let max = -Infinity;
        for (let t2 = 0; t2 <= t; t2++) {
          const k = (b * S + t2) * C3 + C + h * hs; // key_t2 (hs)
          let dot = 0;
          for (let i = 0; i < hs; i++) dot += qkv[q + i] * qkv[k + i];
          scores[t2] = dot * scale;
          preatt[row + t2] = scores[t2];
          if (scores[t2] > max) max = scores[t2];
        }
        // pass 2 and 3: softmax over the causal prefix; masked entries are 0
        let sum = 0;
        for (let t2 = 0; t2 <= t; t2++) {
          scores[t2] = Math.exp(scores[t2] - max);
          sum += scores[t2];
        }
        for (let t2 = 0; t2 < S; t2++) {
          if (t2 <= t) {
            scores[t2] /= sum;
            att[row + t2] = scores[t2];
          } else {
            att[row + t2] = 0;
            preatt[row + t2] = 0;
          }
        }
        // pass 4: out_t = Σ_t2 att[t2] · value_t2
        const o = (b * S + t) * C + h * hs;
        for (let i = 0; i < hs; i++) {
          let acc = 0;
          for (let t2 = 0; t2 <= t; t2++) acc += scores[t2] * qkv[(b * S + t2) * C3 + 2 * C + h * hs + i];
          out[o + i] = acc;
        }
      }
    }
  }
}

/**
 * Accumulates (llm.c semantics: callers zero the buffers) dqkv (B, S, 3C), dpreatt and datt
 * (B, NH, S, S) from dout (B, S, C), with qkv and att saved by the forward pass. As in llm.c,
 * the softmax backward uses the whole of datt after this call's contribution is added (so an
 * incoming ∂L/∂att is honoured), and the q·k backward uses the whole of dpreatt likewise.
 * Only causal entries (t2 ≤ t) of datt and dpreatt are read or written.
 */
export function attentionBackward(
  dqkv: Arr,
  dpreatt: Arr,
  datt: Arr,
  dout: Arr,
  qkv: Arr,
  att: Arr,
  B: number,
  S: number,
  C: number,
  NH: number,
): void {
  const hs = checkHeads(C, NH);
  const C3 = 3 * C;
  const scale = 1 / Math.sqrt(hs);
  // dqkv sums run over many (t, t2) pairs; collect them in float64 and add to dqkv once at the end.
  const g = new Float64Array(B * S * C3);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < S; t++) {
      for (let h = 0; h < NH; h++) {
        const q = (b * S + t) * C3 + h * hs;
        const row = ((b * NH + h) * S + t) * S;
        const o = (b * S + t) * C + h * hs;

        // backward through out_t = Σ att[t2] · value_t2
        for (let t2 = 0; t2 <= t; t2++) {
          const v = (b * S + t2) * C3 + 2 * C + h * hs;
          let d = 0;
          for (let i = 0; i < hs; i++) {
            d += qkv[v + i] * dout[o + i];
            g[v + i] += att[row + t2] * dout[o + i];
          }
          datt[row + t2] += d;
        }
        // backward through the softmax: ∂att[t2]/∂preatt[t3] = att[t2]·(δ(t2,t3) − att[t3])
        for (let t3 = 0; t3 <= t; t3++) {
          let d = 0;
          for (let t2 = 0; t2 <= t; t2++) {
            d += att[row + t2] * ((t2 === t3 ? 1 : 0) - att[row + t3]) * datt[row + t2];
          }
          dpreatt[row + t3] += d;
        }
        // backward through preatt[t2] = scale · q_t · k_t2
        for (let t2 = 0; t2 <= t; t2++) {
          const k = (b * S + t2) * C3 + C + h * hs;
          const dp = dpreatt[row + t2] * scale;
          for (let i = 0; i < hs; i++) {
            g[q + i] += qkv[k + i] * dp;
            g[k + i] += qkv[q + i] * dp;
          }
        }
      }
    }
  }
  for (let i = 0; i < g.length; i++) dqkv[i] += g[i];
}

// ---------------------------------------------------------------------------------------------
// Float32 error bounds, per element, for parity checks of a float32 implementation (the WGSL
// kernels) against this reference. First-order propagation of rounding errors (u = 2⁻²⁴,
// γ_n = n·u/(1 − n·u); dot products as in Higham, "Accuracy and Stability of Numerical
// Algorithms", eq. 3.5: |fl(Σ x y) − Σ x y| ≤ γ_n Σ|x y| in any order, with or without FMA), then
// ×2 for second-order terms, plus u·|reference| for the reference's own rounding to float32.
// exp is allowed 3 + 2|x| ulp (WGSL's accuracy for f32 exp), division 2.5 ulp; 1 ulp ≤ 2u·|y|.

const U = 2 ** -24;
const gamma = (n: number) => (n * U) / (1 - n * U);

/** Bounds on |float32 − exact| for each element of out, preatt and att (shapes as the forward). */
export function attentionForwardErrorBound(
  outB: Arr, preattB: Arr, attB: Arr, qkv: Arr, B: number, S: number, C: number, NH: number,
): void {
  const hs = checkHeads(C, NH), C3 = 3 * C, scale = 1 / Math.sqrt(hs);
  const out = new Float64Array(B * S * C), preatt = new Float64Array(B * NH * S * S), att = new Float64Array(B * NH * S * S);
  attentionForward(out, preatt, att, Float64Array.from(qkv), B, S, C, NH);
  const ep = new Float64Array(S), rel = new Float64Array(S);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < S; t++) {
      for (let h = 0; h < NH; h++) {
        const q = (b * S + t) * C3 + h * hs, row = ((b * NH + h) * S + t) * S;
        let m = -Infinity, epMax = 0;
        for (let t2 = 0; t2 <= t; t2++) {
          const k = (b * S + t2) * C3 + C + h * hs;
          let mag = 0;
          for (let i = 0; i < hs; i++) mag += Math.abs(qkv[q + i] * qkv[k + i]);
          ep[t2] = gamma(hs + 1) * mag * scale; // hs products and sums, one multiply by scale
          epMax = Math.max(epMax, ep[t2]);
          m = Math.max(m, preatt[row + t2]);
        }
        // Relative error of each exp(preatt − max): score errors (its own and the max's), the
        // subtraction, and exp itself. Softmax: Δatt_j / att_j = e_j − Σ att·e + sum and divide.
        let mean = 0;
        for (let t2 = 0; t2 <= t; t2++) {
          const z = Math.abs(preatt[row + t2] - m);
          rel[t2] = ep[t2] + epMax + U * z + (3 + 2 * z) * 2 * U;
          mean += att[row + t2] * rel[t2];
        }
        for (let t2 = 0; t2 < S; t2++) {
          const j = row + t2;
          if (t2 > t) { preattB[j] = 0; attB[j] = 0; continue; } // masked: exactly 0 on both sides
          rel[t2] = att[j] * (rel[t2] + mean + gamma(t + 1) + 6 * U); // 1/sum (2.5 ulp), × → absolute bound
          preattB[j] = 2 * ep[t2] + U * Math.abs(preatt[j]);
          attB[j] = 2 * rel[t2] + U * att[j];
        }
        const o = (b * S + t) * C + h * hs;
        for (let i = 0; i < hs; i++) {
          let e = 0, mag = 0;
          for (let t2 = 0; t2 <= t; t2++) {
            const v = Math.abs(qkv[(b * S + t2) * C3 + 2 * C + h * hs + i]);
            e += rel[t2] * v;
            mag += att[row + t2] * v;
          }
          outB[o + i] = 2 * (e + gamma(t + 1) * mag) + U * Math.abs(out[o + i]);
        }
      }
    }
  }
}

/**
 * Bounds on |float32 − exact| for dqkv, dpreatt and datt after `attentionBackward` from the given
 * starting gradients (dqkv0, dpreatt0, datt0), with att taken as exact (both sides get the same).
 */
export function attentionBackwardErrorBound(
  dqkvB: Arr, dpreattB: Arr, dattB: Arr,
  dout: Arr, qkv: Arr, att: Arr, dqkv0: Arr, dpreatt0: Arr, datt0: Arr,
  B: number, S: number, C: number, NH: number,
): void {
  const hs = checkHeads(C, NH), C3 = 3 * C, scale = 1 / Math.sqrt(hs);
  const dqkv = Float64Array.from(dqkv0), dpre = Float64Array.from(dpreatt0), datt = Float64Array.from(datt0);
  attentionBackward(dqkv, dpre, datt, dout, qkv, att, B, S, C, NH);
  const edp = new Float64Array(B * NH * S * S); // first-order bound on dpreatt's error
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < S; t++) {
      for (let h = 0; h < NH; h++) {
        const row = ((b * NH + h) * S + t) * S, o = (b * S + t) * C + h * hs;
        let s = 0, ds = 0, sAbs = 0;
        for (let t2 = 0; t2 <= t; t2++) {
          const v = (b * S + t2) * C3 + 2 * C + h * hs;
          let mag = Math.abs(datt0[row + t2]);
          for (let i = 0; i < hs; i++) mag += Math.abs(qkv[v + i] * dout[o + i]);
          dattB[row + t2] = gamma(hs + 1) * mag; // hs products, the add to datt0
          s += att[row + t2] * datt[row + t2];
          sAbs += att[row + t2] * Math.abs(datt[row + t2]);
          ds += att[row + t2] * dattB[row + t2];
        }
        ds += gamma(t + 1) * sAbs; // s = Σ att·datt
        for (let t2 = 0; t2 <= t; t2++) {
          const j = row + t2;
          edp[j] = att[j] * (dattB[j] + ds + gamma(3) * (Math.abs(datt[j]) + Math.abs(s))) + U * Math.abs(dpre[j]);
          dpreattB[j] = 2 * edp[j] + U * Math.abs(dpre[j]);
          dattB[j] = 2 * dattB[j] + U * Math.abs(datt[j]);
        }
        for (let t2 = t + 1; t2 < S; t2++) { dpreattB[row + t2] = 0; dattB[row + t2] = 0; } // untouched
      }
    }
  }
  for (let b = 0; b < B; b++) {
    for (let r = 0; r < S; r++) {
      for (let c = 0; c < C; c++) {
        const h = Math.floor(c / hs), base = (b * NH + h) * S * S, at = (b * S + r) * C3 + c;
        let eq = 0, mq = 0, ek = 0, mk = 0, mv = 0;
        for (let t2 = 0; t2 <= r; t2++) { // dq: row r of dpreatt against k
          const k = Math.abs(qkv[(b * S + t2) * C3 + C + c]);
          eq += edp[base + r * S + t2] * k;
          mq += Math.abs(dpre[base + r * S + t2]) * k;
        }
        for (let t = r; t < S; t++) { // dk, dv: column r of dpreatt and att against q, dout
          const q = Math.abs(qkv[(b * S + t) * C3 + c]);
          ek += edp[base + t * S + r] * q;
          mk += Math.abs(dpre[base + t * S + r]) * q;
          mv += att[base + t * S + r] * Math.abs(dout[(b * S + t) * C + c]);
        }
        const g = (n: number, i: number) => gamma(n) * Math.abs(dqkv0[i]);
        dqkvB[at] = 2 * (scale * (eq + gamma(r + 3) * mq) + g(r + 3, at)) + U * Math.abs(dqkv[at]);
        dqkvB[at + C] = 2 * (scale * (ek + gamma(S - r + 2) * mk) + g(S - r + 2, at + C)) + U * Math.abs(dqkv[at + C]);
        dqkvB[at + 2 * C] = 2 * (gamma(S - r + 2) * mv + g(S - r + 2, at + 2 * C)) + U * Math.abs(dqkv[at + 2 * C]);
      }
    }
  }
}
