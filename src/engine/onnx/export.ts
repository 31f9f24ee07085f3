/**
 * Exports the playground's GPT (actor/reference `lm`, critic `value`, reward model `reward`) as a
 * standard ONNX model, opset 17, using only default-domain ops, so onnxruntime, Netron or PyTorch
 * tooling can open it. The graph mirrors the engine's forward (docs/engine-contract.md):
 *
 *   x = wte[ids] + wpe[0..S)                                        (B,S,C)
 *   per block: x += proj(causal_attn(qkv(LN1(x))));  x += fc2(gelu_tanh(fc(LN2(x))))
 *   lnf = LN_f(x);  lm: lnf·wteᵀ (B,S,V) | value: lnf·head.wᵀ + head.b (B,S) | reward: value at the
 *   last position where attention_mask = 1 (B)
 *
 * Weights keep the engine's (OC, C) layout and names; a Transpose node feeds MatMul (onnxruntime
 * folds it at load time), so the file reads like the checkpoint. Attention is causal over all
 * positions and does NOT mask keys by attention_mask, exactly like the engine, which pads on the
 * right: real positions never see padding, and the mask only picks the reward position.
 */
import { GraphBuilder, attr } from './graph-builder';
import { DType, encodeModel, type ValueInfoSpec } from './onnx-proto';
import {
  ATTENTION_MASK, FORMAT_VERSION, INPUT_IDS, LAYERNORM_EPS, META, OUTPUT_NAME, checkParams,
  type OnnxHead, type OnnxModelConfig, type ParamMap,
} from './spec';

export interface ExportOptions {
  config: OnnxModelConfig;
  head: OnnxHead;
  params: ParamMap;
  /** Token strings by id; stored as JSON in metadata_props["vocab"] so a loader can check it. */
  vocab?: string[];
  /** Free-form description stored as the producer version (e.g. the run id). */
  producerVersion?: string;
}

/** ONNX IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
const IR_VERSION = 8;
const OPSET = 17;

/** A large negative instead of −∞ so a (never occurring) fully masked row gives uniform, not NaN. */
const MASKED = -1e9;

export function exportOnnx(opts: ExportOptions): Uint8Array {
  const { config: c, head, params, vocab } = opts;
  checkParams(c, head, params);
  if (vocab && vocab.length !== c.vocabSize) {
    throw new RangeError(`vocab has ${vocab.length} tokens but config.vocabSize is ${c.vocabSize}`);
  }
  const C = c.channels, NH = c.heads, hs = C / NH;
  const g = new GraphBuilder();
  const ids = g.claim(INPUT_IDS);
  const mask = g.claim(ATTENTION_MASK);
  const param = (name: string): string => {
    const p = params.get(name)!;
    return g.floatInit(name, p.shape, p.data);
  };
  const transposed = (name: string): string => g.op('Transpose', [param(name)], { perm: attr.ints([1, 0]) });
  const linear = (inp: string, w: string, b: string): string => g.op('Add', [g.op('MatMul', [inp, transposed(w)]), param(b)]);
  const layerNorm = (inp: string, w: string, b: string): string =>
    g.op('LayerNormalization', [inp, param(w), param(b)], { axis: attr.int(-1), epsilon: attr.float(LAYERNORM_EPS) });

  // Embeddings. S is read from input_ids at run time, so batch and sequence stay dynamic.
  const wte = param('wte');
  const shape = g.op('Shape', [ids]); // [B, S]
  const sVec = g.op('Slice', [shape, g.ints('one', [1]), g.ints('two', [2])]); // [S]
  const sScalar = g.op('Squeeze', [sVec, g.ints('axis0', [0])]);
  const zero = g.int64Scalar('zero', 0);
  const one = g.int64Scalar('one', 1);
  const positions = g.op('Range', [zero, sScalar, one]); // (S) int64
  const tok = g.op('Gather', [wte, ids], { axis: attr.int(0) }); // (B,S,C)
  const pos = g.op('Gather', [param('wpe'), positions], { axis: attr.int(0) }); // (S,C)
  let x = g.op('Add', [tok, pos]);

  // Causal additive bias for maxS positions, sliced to (S,S): 0 on and below the diagonal.
  const maxS = c.maxSeqLen;
  const bias = new Float32Array(maxS * maxS);
  for (let i = 0; i < maxS; i++) for (let j = i + 1; j < maxS; j++) bias[i * maxS + j] = MASKED;
  const causalFull = g.constFloat('causal_bias', [maxS, maxS], bias);
  const ssVec = g.op('Concat', [sVec, sVec], { axis: attr.int(0) });
  const causal = g.op('Slice', [causalFull, g.ints('starts', [0, 0]), ssVec]); // (S,S)
  const scale = g.scalar('attn_scale', 1 / Math.sqrt(hs));
  const qkvShape = g.ints('qkv_shape', [0, 0, 3, NH, hs]); // 0 = copy B and S from the input
  const mergeShape = g.ints('merge_shape', [0, 0, C]);
  const idx = [0, 1, 2].map((i) => g.int64Scalar(`idx${i}`, i));
  const geluC = g.scalar('gelu_c', Math.sqrt(2 / Math.PI));
  const geluK = g.scalar('gelu_k', 0.044715);
  const half = g.scalar('half', 0.5);
  const oneF = g.scalar('one_f', 1);

  for (let l = 0; l < c.layers; l++) {
    const p = `h${l}.`;
    const h = layerNorm(x, p + 'ln1.w', p + 'ln1.b');
    const qkv = linear(h, p + 'attn.qkv.w', p + 'attn.qkv.b'); // (B,S,3C)
    // (B,S,3,NH,hs) → (3,B,NH,S,hs): q, k, v each (B,NH,S,hs), head h on channels h·hs..(h+1)·hs.
    const split = g.op('Transpose', [g.op('Reshape', [qkv, qkvShape])], { perm: attr.ints([2, 0, 3, 1, 4]) });
    const [q, k, v] = idx.map((i) => g.op('Gather', [split, i], { axis: attr.int(0) }));
    const kT = g.op('Transpose', [k], { perm: attr.ints([0, 1, 3, 2]) });
    const pre = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, kT]), scale]), causal]); // (B,NH,S,S)
    const att = g.op('Softmax', [pre], { axis: attr.int(-1) });
    const y = g.op('Transpose', [g.op('MatMul', [att, v])], { perm: attr.ints([0, 2, 1, 3]) }); // (B,S,NH,hs)
    const attnOut = linear(g.op('Reshape', [y, mergeShape]), p + 'attn.proj.w', p + 'attn.proj.b');
    x = g.op('Add', [x, attnOut]);

    const h2 = layerNorm(x, p + 'ln2.w', p + 'ln2.b');
    const f = linear(h2, p + 'mlp.fc.w', p + 'mlp.fc.b'); // (B,S,4C)
    // gelu_tanh(f) = 0.5·f·(1 + tanh(√(2/π)·(f + 0.044715·f³))), f³ as f·f·f (exact, unlike Pow).
    const f3 = g.op('Mul', [g.op('Mul', [f, f]), f]);
    const inner = g.op('Mul', [geluC, g.op('Add', [f, g.op('Mul', [geluK, f3])])]);
    const gelu = g.op('Mul', [g.op('Mul', [half, f]), g.op('Add', [oneF, g.op('Tanh', [inner])])]);
    x = g.op('Add', [x, linear(gelu, p + 'mlp.proj.w', p + 'mlp.proj.b')]);
  }
  const lnf = layerNorm(x, 'lnf.w', 'lnf.b'); // (B,S,C)

  const out = OUTPUT_NAME[head];
  let output: ValueInfoSpec;
  if (head === 'lm') {
    // Tied head: logits = lnf · wteᵀ, no extra parameters.
    g.op('MatMul', [lnf, g.op('Transpose', [wte], { perm: attr.ints([1, 0]) })], undefined, out);
    output = { name: out, elemType: DType.float, shape: ['batch', 'seq', c.vocabSize] };
  } else {
    const v3 = linear(lnf, 'head.w', 'head.b'); // (B,S,1)
    const squeeze2 = g.ints('axis2', [2]);
    if (head === 'value') {
      g.op('Squeeze', [v3, squeeze2], undefined, out);
      output = { name: out, elemType: DType.float, shape: ['batch', 'seq'] };
    } else {
      const values = g.op('Squeeze', [v3, squeeze2]); // (B,S)
      // last[b] = max over s of (s+1)·[mask[b,s] = 1] − 1, clamped to 0 for an all-zero row.
      const isReal = g.op('Cast', [g.op('Equal', [mask, one])], { to: attr.int(DType.int64) });
      const weighted = g.op('Mul', [isReal, g.op('Add', [positions, one])]); // (B,S)
      const lastPlus1 = g.op('ReduceMax', [weighted], { axes: attr.ints([1]), keepdims: attr.int(1) }); // (B,1)
      const last = g.op('Max', [g.op('Sub', [lastPlus1, one]), zero]);
      const picked = g.op('GatherElements', [values, last], { axis: attr.int(1) }); // (B,1)
      g.op('Squeeze', [picked, g.ints('axis1', [1])], undefined, out);
      output = { name: out, elemType: DType.float, shape: ['batch'] };
    }
  }

  const metadata: [string, string][] = [
    [META.format, FORMAT_VERSION],
    [META.config, JSON.stringify({ vocabSize: c.vocabSize, maxSeqLen: c.maxSeqLen, channels: c.channels, layers: c.layers, heads: c.heads })],
    [META.head, head],
    [META.notes, 'GPT-2 style, causal attention over all positions; attention_mask only selects the reward position, so pad on the right.'],
  ];
  if (vocab) metadata.push([META.vocab, JSON.stringify(vocab)]);

  return encodeModel({
    irVersion: IR_VERSION,
    opsetImports: [{ domain: '', version: OPSET }],
    producerName: 'rlhf-playground',
    producerVersion: opts.producerVersion ?? FORMAT_VERSION,
    graph: {
      name: `gpt_${head}`,
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [
        { name: ids, elemType: DType.int64, shape: ['batch', 'seq'] },
        { name: mask, elemType: DType.int64, shape: ['batch', 'seq'] },
      ],
      outputs: [output],
    },
    metadata,
  });
}
