/**
 * "Bring your own reward model": load an ONNX file (exported by this app, or written elsewhere with
 * the same tokenizer) and use it to score answers in the feedback phase. The model is checked
 * statically first (reward-model-checks.ts), then by onnxruntime; every failure is a
 * RewardModelError with a message meant for the user, never an unexplained crash.
 */
import { DType } from './onnx-proto';
import { createOrtSession, type HostTensor, type OrtOptions, type OrtSession } from './ort-session';
import {
  POSITION_IDS, RewardModelError, checkRequest, inspectRewardModel, type RewardModelInfo, type VocabCheck,
} from './reward-model-checks';
import { ATTENTION_MASK, INPUT_IDS } from './spec';

export { RewardModelError, type RefusalCode } from './reward-model-checks';

export interface RewardModelHandle {
  /** One score per sequence. inputIds (B,S) with ids in [0, V); attentionMask (B,S) 0/1, default all 1. */
  score(inputIds: Int32Array, B: number, S: number, attentionMask?: ArrayLike<number>): Promise<Float32Array>;
  /** 'metadata' = exact vocabulary match; 'embedding-rows' = only the size matched; 'none' = unchecked. */
  readonly vocabCheck: VocabCheck;
  /** Non-fatal findings (unchecked vocabulary, undeclared output shape, ignored metadata). */
  readonly warnings: readonly string[];
  readonly info: RewardModelInfo;
  release(): Promise<void>;
}

export interface LoadRewardModelOptions {
  /** Checked at load time when given, so a fixed-shape model is refused before the first rollout. */
  batch?: number;
  seqLen?: number;
  ort?: OrtOptions;
}

export async function loadRewardModel(
  bytes: Uint8Array, expectedVocab: string[], opts: LoadRewardModelOptions = {},
): Promise<RewardModelHandle> {
  const info = inspectRewardModel(bytes, expectedVocab);
  checkRequest(info, opts.batch, opts.seqLen);
  let session: OrtSession;
  try {
    session = await createOrtSession(bytes, opts.ort);
  } catch (e) {
    throw new RewardModelError('runtime', `onnxruntime could not load the model: ${errorText(e)}`);
  }
  return new Handle(session, info, expectedVocab.length);
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 500);
}

/** Values as the tensor type the model declared for that input. */
function tensorAs(elemType: number, values: ArrayLike<number>, dims: number[]): HostTensor {
  switch (elemType) {
    case DType.int64: {
      const d = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) d[i] = BigInt(values[i]);
      return { type: 'int64', data: d, dims };
    }
    case DType.int32: return { type: 'int32', data: Int32Array.from(values), dims };
    case DType.float: return { type: 'float32', data: Float32Array.from(values), dims };
    case DType.bool: return { type: 'bool', data: Uint8Array.from(values, (v) => (v ? 1 : 0)), dims };
    default: throw new Error(`unsupported element type ${elemType}`); // inspectRewardModel refused it already
  }
}

class Handle implements RewardModelHandle {
  private released = false;

  constructor(private readonly session: OrtSession, readonly info: RewardModelInfo, private readonly vocabSize: number) {}

  get vocabCheck(): VocabCheck {
    return this.info.vocabCheck;
  }

  get warnings(): readonly string[] {
    return this.info.warnings;
  }

  async score(inputIds: Int32Array, B: number, S: number, attentionMask?: ArrayLike<number>): Promise<Float32Array> {
    if (this.released) throw new Error('reward model: score() after release()');
    if (!Number.isInteger(B) || !Number.isInteger(S) || B < 1 || S < 1) throw new RangeError(`reward model: B and S must be positive integers, got ${B}, ${S}`);
    if (inputIds.length !== B * S) throw new RangeError(`reward model: inputIds has ${inputIds.length} values, expected B·S = ${B * S}`);
    if (attentionMask && attentionMask.length !== B * S) throw new RangeError(`reward model: attentionMask has ${attentionMask.length} values, expected ${B * S}`);
    for (let i = 0; i < inputIds.length; i++) {
      const t = inputIds[i];
      if (t < 0 || t >= this.vocabSize) throw new RangeError(`reward model: token id ${t} at position ${i} is outside the vocabulary [0, ${this.vocabSize})`);
    }
    const feedS = checkRequest(this.info, B, S);

    // Right-pad to a fixed, longer sequence length with token 0 and mask 0 (checkRequest allowed
    // this only when the model takes an attention_mask).
    const ids = new Int32Array(B * feedS);
    const mask = new Float64Array(B * feedS);
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) {
        ids[b * feedS + s] = inputIds[b * S + s];
        mask[b * feedS + s] = attentionMask ? attentionMask[b * S + s] : 1;
      }
    }
    const positions = Float64Array.from({ length: B * feedS }, (_, i) => i % feedS);
    const dims = [B, feedS];
    const feeds: Record<string, HostTensor> = {};
    for (const inp of this.info.inputs) {
      const values = inp.name === INPUT_IDS ? ids : inp.name === ATTENTION_MASK ? mask : inp.name === POSITION_IDS ? positions : null;
      if (!values) throw new Error(`reward model: no feed for ${inp.name}`); // inspectRewardModel refused it already
      feeds[inp.name] = tensorAs(inp.elemType, values, dims);
    }

    let out: HostTensor;
    try {
      out = (await this.session.run(feeds, [this.info.outputName]))[this.info.outputName];
    } catch (e) {
      throw new RewardModelError('runtime', `onnxruntime failed to run the model on ${B}×${feedS} tokens: ${errorText(e)}`);
    }
    const d = out.dims;
    if (!(d.length === 1 && d[0] === B) && !(d.length === 2 && d[0] === B && d[1] === 1)) {
      throw new RewardModelError('output-shape',
        `Output "${this.info.outputName}" came back shaped [${d.join(', ')}] for ${B} sequences; expected (${B}) or (${B}, 1).`);
    }
    return out.data instanceof Float32Array ? out.data : Float32Array.from(out.data as ArrayLike<number>);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
