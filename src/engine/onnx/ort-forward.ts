/**
 * One-call forward through onnxruntime for cross-checks: export the given parameters, run them in
 * ORT, return the head's output as a flat Float32Array — logits (B,S,V), values (B,S) or score (B).
 * Compare the engine's forward with this and with referenceForward (same arguments).
 */
import { exportOnnx } from './export';
import { createOrtSession, int64Tensor, type OrtOptions } from './ort-session';
import type { ReferenceInput } from './reference-forward';
import { OUTPUT_NAME } from './spec';

export async function ortForward(inp: ReferenceInput, opts: OrtOptions = {}): Promise<Float32Array> {
  const { config, head, params, inputIds, B, S } = inp;
  if (inputIds.length !== B * S) throw new RangeError(`inputIds has ${inputIds.length} values, expected B·S = ${B * S}`);
  const session = await createOrtSession(exportOnnx({ config, head, params }), opts);
  try {
    const mask = inp.attentionMask ?? new Array<number>(B * S).fill(1);
    const out = await session.run({ input_ids: int64Tensor(inputIds, [B, S]), attention_mask: int64Tensor(mask, [B, S]) });
    return out[OUTPUT_NAME[head]].data as Float32Array;
  } finally {
    await session.release();
  }
}
