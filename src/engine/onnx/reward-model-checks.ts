/**
 * Static checks on a user-supplied ("bring your own") reward model before onnxruntime sees it. Every
 * refusal says what is wrong in words a student can act on (which input, which dimension, both
 * numbers, which vocabulary entry), because "session creation failed" teaches nothing.
 */
import { DType, decodeModel, dtypeName, type Dim, type ModelSpec, type ValueInfoSpec } from './onnx-proto';
import { ProtobufError } from './protobuf';
import { ATTENTION_MASK, INPUT_IDS, META, OUTPUT_NAME, type OnnxModelConfig } from './spec';

export type RefusalCode =
  | 'not-onnx' | 'missing-input' | 'input-type' | 'unfeedable-input' | 'output-shape'
  | 'sequence-length' | 'batch-size' | 'vocab-mismatch' | 'bad-metadata' | 'runtime';

export class RewardModelError extends Error {
  constructor(readonly code: RefusalCode, message: string) {
    super(message);
    this.name = 'RewardModelError';
  }
}

/** Inputs we know how to fill, with the element types we can produce for each. */
export const POSITION_IDS = 'position_ids';
const FEEDABLE: Record<string, number[]> = {
  [INPUT_IDS]: [DType.int64, DType.int32],
  [ATTENTION_MASK]: [DType.int64, DType.int32, DType.float, DType.bool],
  [POSITION_IDS]: [DType.int64, DType.int32],
};

export interface FedInput {
  name: string;
  elemType: number;
  shape: Dim[] | null;
}

export type VocabCheck = 'metadata' | 'embedding-rows' | 'none';

export interface RewardModelInfo {
  inputs: FedInput[];
  outputName: string;
  outputElemType: number;
  outputShape: Dim[] | null;
  /** How the vocabulary was checked: exactly against metadata, by embedding row count, or not at all. */
  vocabCheck: VocabCheck;
  warnings: string[];
  /** This project's config metadata when present (gives maxSeqLen). */
  config: OnnxModelConfig | null;
  producer: string;
  metadata: Map<string, string>;
}

const fmtShape = (s: Dim[] | null): string => (s ? `[${s.map((d) => d ?? '?').join(', ')}]` : 'of unknown shape');

/** Parses and validates; throws RewardModelError with a specific message on the first problem. */
export function inspectRewardModel(bytes: Uint8Array, expectedVocab: readonly string[]): RewardModelInfo {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new RewardModelError('not-onnx', 'The file is empty, not an ONNX model.');
  let model: ModelSpec;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    if (e instanceof ProtobufError) throw new RewardModelError('not-onnx', `This is not an ONNX model (the file could not be parsed: ${e.message}).`);
    throw e;
  }
  const g = model.graph;
  const warnings: string[] = [];
  const metadata = new Map(model.metadata);

  // Before IR 4, initializers were also listed as graph inputs; those never need feeding.
  const initNames = new Set(g.initializers.map((t) => t.name));
  const realInputs = g.inputs.filter((v) => !initNames.has(v.name));
  const ids = realInputs.find((v) => v.name === INPUT_IDS);
  if (!ids) {
    const names = realInputs.map((v) => `"${v.name}"`).join(', ') || 'none';
    throw new RewardModelError('missing-input', `The model has no input named "${INPUT_IDS}" (its inputs: ${names}).`);
  }
  const inputs: FedInput[] = [];
  for (const v of realInputs) {
    const allowed = FEEDABLE[v.name];
    if (!allowed) {
      throw new RewardModelError('unfeedable-input',
        `The model requires an input "${v.name}" (${dtypeName(v.elemType)} ${fmtShape(v.shape)}) that we cannot feed: we only provide ${Object.keys(FEEDABLE).join(', ')}.`);
    }
    if (!allowed.includes(v.elemType)) {
      const code = v.name === INPUT_IDS ? 'input-type' : 'unfeedable-input';
      throw new RewardModelError(code, `Input "${v.name}" has element type ${dtypeName(v.elemType)}; expected ${allowed.map(dtypeName).join(' or ')}.`);
    }
    if (v.shape && v.shape.length !== 2) {
      throw new RewardModelError(v.name === INPUT_IDS ? 'input-type' : 'unfeedable-input',
        `Input "${v.name}" has rank ${v.shape.length} ${fmtShape(v.shape)}; expected 2 dimensions (batch, sequence).`);
    }
    inputs.push({ name: v.name, elemType: v.elemType, shape: v.shape });
  }

  const out = pickOutput(g.outputs);
  if (out.elemType !== DType.float && out.elemType !== DType.double) {
    throw new RewardModelError('output-shape', `Output "${out.name}" has element type ${dtypeName(out.elemType)}; a score must be float.`);
  }
  if (!out.shape) warnings.push(`Output "${out.name}" does not declare its shape; it is checked when the model runs.`);
  else if (!(out.shape.length === 1 || (out.shape.length === 2 && out.shape[1] === 1))) {
    throw new RewardModelError('output-shape',
      `Output "${out.name}" is shaped ${fmtShape(out.shape)}; a reward model must give one score per sequence, shaped (batch) or (batch, 1).`);
  }

  let config: OnnxModelConfig | null = null;
  const configText = metadata.get(META.config);
  if (configText !== undefined) {
    try {
      const c = JSON.parse(configText) as OnnxModelConfig;
      if (Number.isInteger(c.maxSeqLen) && Number.isInteger(c.vocabSize)) config = c;
      else warnings.push(`Metadata "${META.config}" is incomplete and was ignored.`);
    } catch {
      warnings.push(`Metadata "${META.config}" is not JSON and was ignored.`);
    }
  }

  const vocabCheck = checkVocabulary(model, expectedVocab, warnings);
  return {
    inputs, outputName: out.name, outputElemType: out.elemType, outputShape: out.shape, vocabCheck, warnings, config,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '), metadata,
  };
}

/** "score" if present, else the only output, else the only output shaped like a score. */
function pickOutput(outputs: ValueInfoSpec[]): ValueInfoSpec {
  if (outputs.length === 0) throw new RewardModelError('output-shape', 'The model has no outputs.');
  const named = outputs.find((o) => o.name === OUTPUT_NAME.reward);
  if (named) return named;
  if (outputs.length === 1) return outputs[0];
  const scoreLike = outputs.filter((o) => o.shape && (o.shape.length === 1 || (o.shape.length === 2 && o.shape[1] === 1)));
  if (scoreLike.length === 1) return scoreLike[0];
  const list = outputs.map((o) => `"${o.name}" ${fmtShape(o.shape)}`).join(', ');
  throw new RewardModelError('output-shape',
    `Cannot tell which output is the score: name it "${OUTPUT_NAME.reward}" or keep exactly one output shaped (batch) or (batch, 1) (outputs: ${list}).`);
}

const quote = (w: string | undefined): string => (w === undefined ? '(none)' : JSON.stringify(w));

function checkVocabulary(model: ModelSpec, expected: readonly string[], warnings: string[]): VocabCheck {
  const text = model.metadata.find(([k]) => k === META.vocab)?.[1];
  if (text !== undefined) {
    let vocab: unknown;
    try {
      vocab = JSON.parse(text);
    } catch {
      throw new RewardModelError('bad-metadata', `Metadata "${META.vocab}" is not valid JSON; expected an array of token strings.`);
    }
    if (!Array.isArray(vocab) || vocab.some((w) => typeof w !== 'string')) {
      throw new RewardModelError('bad-metadata', `Metadata "${META.vocab}" is not a JSON array of strings.`);
    }
    const theirs = vocab as string[];
    const n = Math.min(theirs.length, expected.length);
    let first = -1;
    for (let i = 0; i < n && first < 0; i++) if (theirs[i] !== expected[i]) first = i;
    const at = (i: number): string => `at index ${i}: the model has ${quote(theirs[i])}, ours has ${quote(expected[i])}`;
    if (theirs.length !== expected.length) {
      const where = first >= 0 ? `; first difference ${at(first)}` : '';
      throw new RewardModelError('vocab-mismatch',
        `Vocabulary size mismatch: the model has ${theirs.length} tokens, ours has ${expected.length}${where}.`);
    }
    if (first >= 0) throw new RewardModelError('vocab-mismatch', `Vocabulary mismatch ${at(first)}.`);
    return 'metadata';
  }
  const table = findEmbeddingTable(model);
  if (!table) {
    warnings.push('The model has no vocabulary metadata and no embedding table we could find: its vocabulary could not be checked.');
    return 'none';
  }
  if (table.rows !== expected.length) {
    throw new RewardModelError('vocab-mismatch',
      `Vocabulary size mismatch: the embedding table "${table.name}" has ${table.rows} rows but our vocabulary has ${expected.length} tokens (the model has no vocabulary metadata).`);
  }
  warnings.push(`The model has no vocabulary metadata; only its size (${table.rows} tokens, from "${table.name}") could be checked.`);
  return 'embedding-rows';
}

/** The rank-2 initializer that a Gather indexes with input_ids (possibly through a Cast). */
function findEmbeddingTable(model: ModelSpec): { name: string; rows: number } | null {
  const g = model.graph;
  const idNames = new Set([INPUT_IDS]);
  for (const n of g.nodes) if (n.opType === 'Cast' && idNames.has(n.inputs[0])) n.outputs.forEach((o) => idNames.add(o));
  for (const n of g.nodes) {
    if (n.opType !== 'Gather' || !idNames.has(n.inputs[1])) continue;
    const t = g.initializers.find((x) => x.name === n.inputs[0]);
    if (t && t.dims.length === 2) return { name: t.name, rows: t.dims[0] };
  }
  return null;
}

/**
 * Checks a request of B sequences of S tokens against the model's fixed dimensions and position
 * table. Returns the sequence length to feed (≥ S when the model has a fixed, longer length and an
 * attention_mask to mark the right padding). An undefined B or S is not checked (load-time checks
 * may know only one of them).
 */
export function checkRequest(info: RewardModelInfo, B: number | undefined, S: number | undefined): number {
  let feedS = S ?? 1;
  const hasMask = info.inputs.some((i) => i.name === ATTENTION_MASK);
  for (const inp of info.inputs) {
    const [batchDim, seqDim] = inp.shape ?? [null, null];
    if (B !== undefined && typeof batchDim === 'number' && batchDim !== B) {
      throw new RewardModelError('batch-size',
        `Input "${inp.name}" has a fixed batch dimension (dimension 0) of ${batchDim}, but ${B} sequences were given.`);
    }
    if (S !== undefined && typeof seqDim === 'number') {
      if (seqDim < S) {
        throw new RewardModelError('sequence-length',
          `Input "${inp.name}" has a fixed sequence dimension (dimension 1) of ${seqDim}, smaller than the ${S} tokens requested.`);
      }
      if (seqDim > S && !hasMask) {
        throw new RewardModelError('sequence-length',
          `Input "${inp.name}" has a fixed sequence dimension (dimension 1) of ${seqDim} but ${S} tokens were requested, and the model has no "${ATTENTION_MASK}" input to mark padding.`);
      }
      feedS = Math.max(feedS, seqDim);
    }
  }
  const outBatch = info.outputShape?.[0];
  if (B !== undefined && typeof outBatch === 'number' && outBatch !== B) {
    throw new RewardModelError('batch-size',
      `Output "${info.outputName}" has a fixed batch dimension (dimension 0) of ${outBatch}, but ${B} sequences were given.`);
  }
  if (S !== undefined && info.config && info.config.maxSeqLen < feedS) {
    throw new RewardModelError('sequence-length',
      `The model's position table covers ${info.config.maxSeqLen} tokens (metadata maxSeqLen), fewer than the ${feedS} requested.`);
  }
  return feedS;
}
