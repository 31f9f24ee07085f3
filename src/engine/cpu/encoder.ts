/**
 * Token + position embedding (GPT-2's encoder), CPU reference. llm.c `encoder_forward/backward`.
 *
 * Token ids outside [0, V) are **skipped**: they contribute no token embedding (the output is the
 * position embedding alone) and receive no gradient. Clamping would instead silently train the
 * embedding of token 0 or V−1 on garbage; skipping keeps a bad id harmless and visible. The WGSL
 * kernel (shaders/encoder.wgsl) does the same. V is taken from the table: V = wte.length / C.
 */
type Floats = Float32Array | Float64Array;

/** out (B,S,C) = wte[tokens[b,s]] (V,C) + wpe[s] (maxS,C). */
export function encoderForward(out: Floats, tokens: Int32Array, wte: Floats, wpe: Floats, B: number, S: number, C: number): void {
  const V = Math.floor(wte.length / C);
  if (wpe.length < S * C) throw new RangeError(`encoderForward: wpe holds ${wpe.length / C} positions, need S = ${S}`);
  for (let bs = 0; bs < B * S; bs++) {
    const s = bs % S;
    const tok = tokens[bs];
    const hasTok = tok >= 0 && tok < V;
    for (let c = 0; c < C; c++) {
      out[bs * C + c] = (hasTok ? wte[tok * C + c] : 0) + wpe[s * C + c];
    }
  }
}

/** dwte (V,C) += Σ_{b,s: tokens[b,s]=v} dout[b,s]; dwpe (maxS,C) += Σ_b dout[b,s]. Float64 sums. */
export function encoderBackward(dwte: Floats, dwpe: Floats, dout: Floats, tokens: Int32Array, B: number, S: number, C: number): void {
  const V = Math.floor(dwte.length / C);
  const gte = new Float64Array(V * C); // (V, C)
  const gpe = new Float64Array(S * C); // (S, C)
  for (let bs = 0; bs < B * S; bs++) {
    const s = bs % S;
    const tok = tokens[bs];
    const hasTok = tok >= 0 && tok < V;
    for (let c = 0; c < C; c++) {
      const d = dout[bs * C + c];
      if (hasTok) gte[tok * C + c] += d;
      gpe[s * C + c] += d;
    }
  }
  for (let i = 0; i < V * C; i++) dwte[i] += gte[i];
  for (let i = 0; i < S * C; i++) dwpe[i] += gpe[i];
}
