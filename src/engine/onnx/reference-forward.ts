/**
 * A plain-loop float64 forward of the GPT described in docs/engine-contract.md, written from the
 * maths and not from the ONNX graph, so that comparing the two catches mistakes in either. Slow
 * (O(B·S·(S·C + C²·L + C·V)) scalar ops) and meant for tests on tiny configs: the exported model is
 * checked against it here, and the engine's forward can be checked against ORT with it later.
 */
import { LAYERNORM_EPS, checkParams, type OnnxHead, type OnnxModelConfig, type ParamMap } from './spec';

export interface ReferenceInput {
  config: OnnxModelConfig;
  head: OnnxHead;
  params: ParamMap;
  /** (B,S) token ids in [0, V). */
  inputIds: Int32Array;
  B: number;
  S: number;
  /** (B,S); only the reward head reads it (last position with mask = 1). Default: all ones. */
  attentionMask?: ArrayLike<number>;
}

/** lm → logits (B,S,V); value → values (B,S); reward → score (B). */
export function referenceForward(inp: ReferenceInput): Float64Array {
  const { config: c, head, params, inputIds, B, S } = inp;
  checkParams(c, head, params);
  const { vocabSize: V, channels: C, heads: NH } = c;
  const hs = C / NH;
  if (S < 1 || S > c.maxSeqLen) throw new RangeError(`S=${S} must be in [1, ${c.maxSeqLen}]`);
  if (inputIds.length !== B * S) throw new RangeError(`inputIds has ${inputIds.length} values, expected B·S = ${B * S}`);
  const P = (name: string): Float32Array => params.get(name)!.data;

  // x (B·S, C) residual stream
  const N = B * S;
  const x = new Float64Array(N * C);
  const wte = P('wte'), wpe = P('wpe');
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < S; s++) {
      const t = inputIds[b * S + s];
      if (!(t >= 0 && t < V)) throw new RangeError(`token id ${t} at (${b},${s}) is outside [0, ${V})`);
      for (let i = 0; i < C; i++) x[(b * S + s) * C + i] = wte[t * C + i] + wpe[s * C + i];
    }
  }

  const layerNorm = (inp: Float64Array, w: Float32Array, bias: Float32Array): Float64Array => {
    const out = new Float64Array(inp.length);
    for (let n = 0; n < N; n++) {
      let mean = 0;
      for (let i = 0; i < C; i++) mean += inp[n * C + i];
      mean /= C;
      let v = 0;
      for (let i = 0; i < C; i++) v += (inp[n * C + i] - mean) ** 2;
      const rstd = 1 / Math.sqrt(v / C + LAYERNORM_EPS); // biased variance, as PyTorch/GPT-2
      for (let i = 0; i < C; i++) out[n * C + i] = (inp[n * C + i] - mean) * rstd * w[i] + bias[i];
    }
    return out;
  };
  // out (N, OC) = inp (N, IC) · wᵀ + b, w stored (OC, IC) as nn.Linear.
  const linear = (inp: Float64Array, IC: number, w: Float32Array, bias: Float32Array | null, OC: number): Float64Array => {
    const out = new Float64Array(N * OC);
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < OC; o++) {
        let acc = bias ? bias[o] : 0;
        for (let i = 0; i < IC; i++) acc += inp[n * IC + i] * w[o * IC + i];
        out[n * OC + o] = acc;
      }
    }
    return out;
  };

  const scores = new Float64Array(S);
  for (let l = 0; l < c.layers; l++) {
    const p = `h${l}.`;
    const h = layerNorm(x, P(p + 'ln1.w'), P(p + 'ln1.b'));
    const qkv = linear(h, C, P(p + 'attn.qkv.w'), P(p + 'attn.qkv.b'), 3 * C); // (N, 3C)
    const y = new Float64Array(N * C);
    for (let b = 0; b < B; b++) {
      for (let hd = 0; hd < NH; hd++) {
        for (let t = 0; t < S; t++) {
          const q = (b * S + t) * 3 * C + hd * hs;
          // Causal: position t attends to 0..t; stable softmax with the row max subtracted.
          let max = -Infinity;
          for (let u = 0; u <= t; u++) {
            const k = (b * S + u) * 3 * C + C + hd * hs;
            let dot = 0;
            for (let i = 0; i < hs; i++) dot += qkv[q + i] * qkv[k + i];
            scores[u] = dot / Math.sqrt(hs);
            if (scores[u] > max) max = scores[u];
          }
          let sum = 0;
          for (let u = 0; u <= t; u++) sum += (scores[u] = Math.exp(scores[u] - max));
          for (let u = 0; u <= t; u++) {
            const vOff = (b * S + u) * 3 * C + 2 * C + hd * hs;
            const a = scores[u] / sum;
            for (let i = 0; i < hs; i++) y[(b * S + t) * C + hd * hs + i] += a * qkv[vOff + i];
          }
        }
      }
    }
    const attn = linear(y, C, P(p + 'attn.proj.w'), P(p + 'attn.proj.b'), C);
    for (let i = 0; i < x.length; i++) x[i] += attn[i];

    const h2 = layerNorm(x, P(p + 'ln2.w'), P(p + 'ln2.b'));
    const f = linear(h2, C, P(p + 'mlp.fc.w'), P(p + 'mlp.fc.b'), 4 * C);
    const k0 = Math.sqrt(2 / Math.PI);
    for (let i = 0; i < f.length; i++) f[i] = 0.5 * f[i] * (1 + Math.tanh(k0 * (f[i] + 0.044715 * f[i] ** 3)));
    const m = linear(f, 4 * C, P(p + 'mlp.proj.w'), P(p + 'mlp.proj.b'), C);
    for (let i = 0; i < x.length; i++) x[i] += m[i];
  }
  const lnf = layerNorm(x, P('lnf.w'), P('lnf.b'));

  if (head === 'lm') return linear(lnf, C, wte, null, V); // tied: logits = lnf · wteᵀ
  const values = linear(lnf, C, P('head.w'), P('head.b'), 1); // (B·S) = (B,S)
  if (head === 'value') return values;
  const mask = inp.attentionMask;
  if (mask && mask.length !== B * S) throw new RangeError(`attentionMask has ${mask.length} values, expected ${B * S}`);
  const score = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let last = 0; // a row with no real token scores position 0, as the exported graph does
    for (let s = 0; s < S; s++) if (!mask || mask[b * S + s] === 1) last = s;
    score[b] = values[b * S + last];
  }
  return score;
}
