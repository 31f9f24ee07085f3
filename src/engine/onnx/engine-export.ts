/**
 * The bridge between the engine's models and the ONNX exporter: a live `Gpt` (either engine) or a
 * checkpoint file in, ONNX bytes out. The parameter names and (OC, C) layouts are the same on both
 * sides (model/params.ts and spec.ts), so this is a copy by name, checked by `checkParams`.
 */
import { loadCheckpoint } from '../model/checkpoint';
import type { Head, ModelConfig } from '../model/config';
import type { Gpt } from '../model/gpt';
import { paramLayout } from '../model/params';
import { exportOnnx } from './export';
import type { OnnxHead, ParamMap } from './spec';

export interface ExportModelOptions {
  /**
   * The head to export; default the model's own. A value model exports as `reward` (and vice
   * versa) since both are one scalar per position; any model exports as `lm` (the head is dropped).
   */
  head?: OnnxHead;
  /** Stored as the model's producer_version (e.g. a run id or the checkpoint file name). */
  producerVersion?: string;
}

/** Which heads a model trained with `from` can be exported as (the parameters must exist). */
export function exportableHeads(from: Head): OnnxHead[] {
  return from === 'lm' ? ['lm'] : ['lm', 'value', 'reward'];
}

function chooseHead(from: Head, wanted: OnnxHead | undefined): OnnxHead {
  const head = wanted ?? from;
  if (!exportableHeads(from).includes(head)) {
    throw new Error(`a "${from}" model has no value head, so it cannot be exported as "${head}" (it can be exported as: ${exportableHeads(from).join(', ')})`);
  }
  return head;
}

function checkVocab(config: ModelConfig, vocab: readonly string[] | undefined): string[] | undefined {
  if (vocab && vocab.length !== config.vocabSize) {
    throw new RangeError(`the vocabulary has ${vocab.length} tokens but the model was built for ${config.vocabSize}`);
  }
  return vocab ? [...vocab] : undefined;
}

/**
 * The UI's "download as ONNX": the model's current weights (read back from the GPU when needed) as
 * an ONNX file. `vocab` (the scenario tokenizer's `vocab`, id → word) is stored in the metadata so
 * a loader can check the tokenizer; leave it out only for models whose tokenizer is unknown.
 */
export async function exportModelOnnx<F, I>(model: Gpt<F, I>, vocab?: readonly string[], opts: ExportModelOptions = {}): Promise<Uint8Array> {
  const head = chooseHead(model.head, opts.head);
  const params = await model.namedParams();
  return exportOnnx({ config: model.config, head, params, vocab: checkVocab(model.config, vocab), producerVersion: opts.producerVersion });
}

export interface CheckpointExport {
  onnx: Uint8Array;
  config: ModelConfig;
  /** The head stored in the checkpoint and the head exported. */
  checkpointHead: Head;
  head: OnnxHead;
  meta: Record<string, unknown>;
}

/**
 * A checkpoint file (model/checkpoint.ts) as ONNX. Throws CheckpointError for a bad file, and an
 * Error naming the problem for a head or vocabulary that does not fit.
 */
export function exportCheckpointOnnx(bytes: Uint8Array, vocab?: readonly string[], opts: ExportModelOptions = {}): CheckpointExport {
  const ckpt = loadCheckpoint(bytes);
  const head = chooseHead(ckpt.head, opts.head);
  const params = namedFromFlat(ckpt.params, ckpt.config, ckpt.head);
  const onnx = exportOnnx({ config: ckpt.config, head, params, vocab: checkVocab(ckpt.config, vocab), producerVersion: opts.producerVersion });
  return { onnx, config: ckpt.config, checkpointHead: ckpt.head, head, meta: ckpt.meta };
}

/** Flat parameters in `paramLayout(config, head)` order → name → {shape, data} (views, no copies). */
export function namedFromFlat(flat: Float32Array, config: ModelConfig, head: Head): ParamMap {
  const layout = paramLayout(config, head);
  if (flat.length !== layout.size) throw new RangeError(`expected ${layout.size} floats for this layout, got ${flat.length}`);
  const m: ParamMap = new Map();
  for (const e of layout.entries()) m.set(e.name, { shape: [...e.shape], data: flat.subarray(e.offset, e.offset + e.length) });
  return m;
}

/** The inverse: named parameters (e.g. randomParams for cross-checks) → the flat buffer `Gpt.setParams` takes. */
export function flatFromNamed(params: ParamMap, config: ModelConfig, head: Head): Float32Array {
  const layout = paramLayout(config, head);
  const flat = new Float32Array(layout.size);
  for (const e of layout.entries()) {
    const p = params.get(e.name);
    if (!p) throw new Error(`parameter ${e.name} is missing`);
    if (p.data.length !== e.length) throw new RangeError(`parameter ${e.name} has ${p.data.length} values, expected ${e.length}`);
    flat.set(p.data, e.offset);
  }
  return flat;
}
