/**
 * A loaded ONNX reward model as the PPO feedback phase's reward source (PpoTrainer.setExternalScorer).
 *
 * The scorer sees what the internal reward model sees: the whole (B,S) rollout (prompt + answer +
 * PAD) with an attention_mask that is 1 up to and including each row's last real token and 0 after,
 * so a model exported by this app scores values[b, lastIndex[b]] — exactly the internal gather.
 *
 * `attachOnnxRewardModel` loads, checks and test-runs a model before it replaces anything: a refused
 * model throws RewardModelError (its message is for the user) and the run keeps the reward source it
 * had. engine/onnx may not import engine/rl, so the scorer type is spelled out here; it is the same
 * function type as rl/ppo.ts `ExternalScorer`.
 */
import { loadRewardModel, RewardModelError, type RewardModelHandle } from './byo-reward';
import type { OrtOptions } from './ort-session';

/** (tokens (B,S), B, S, P, lastIndex (B)) → scores (B); structurally rl/ppo.ts `ExternalScorer`. */
export type OnnxScorer = (tokens: Int32Array, B: number, S: number, P: number, lastIndex: Int32Array) => Promise<Float32Array>;

/** Anything with PpoTrainer's hook. */
export interface ScorerTarget {
  setExternalScorer(scorer: OnnxScorer | null): void;
}

/** Right-padding mask (B,S): 1 for s ≤ lastIndex[b]. */
export function maskUpTo(lastIndex: ArrayLike<number>, B: number, S: number): Int32Array {
  if (lastIndex.length !== B) throw new RangeError(`lastIndex has ${lastIndex.length} entries, expected B = ${B}`);
  const mask = new Int32Array(B * S);
  for (let b = 0; b < B; b++) {
    const last = lastIndex[b];
    if (!Number.isInteger(last) || last < 0 || last >= S) throw new RangeError(`lastIndex[${b}] = ${last} is outside [0, ${S})`);
    mask.fill(1, b * S, b * S + last + 1);
  }
  return mask;
}

/** Scores PPO rollouts with `handle`. Errors (e.g. a batch size the model's fixed shape refuses) reject. */
export function externalScorerFromOnnx(handle: RewardModelHandle): OnnxScorer {
  return async (tokens, B, S, _P, lastIndex) => {
    const scores = await handle.score(tokens, B, S, maskUpTo(lastIndex, B, S));
    for (let b = 0; b < B; b++) {
      if (!Number.isFinite(scores[b])) throw new RewardModelError('runtime', `The reward model returned a non-finite score (${scores[b]}) for sequence ${b}.`);
    }
    return scores;
  };
}

/** The scorer each target was last given by attachOnnxRewardModel. */
const current = new WeakMap<ScorerTarget, OnnxScorer>();

export interface AttachOptions {
  /** The run's batch size and sequence length (P + T): checked at load time and used for the trial run. */
  batch: number;
  seqLen: number;
  ort?: OrtOptions;
}

export interface AttachedRewardModel {
  readonly handle: RewardModelHandle;
  /** Non-fatal findings to show next to the model's name (e.g. an unchecked vocabulary). */
  readonly warnings: readonly string[];
  /**
   * Frees the session and, if this model is still `target`'s reward source, puts `target` back on
   * its own reward model (setExternalScorer(null)). Detaching a model that a later attach replaced
   * only frees its session.
   */
  detach(): Promise<void>;
}

/**
 * Loads `bytes` as a reward model for `vocab`, test-runs it on one (batch, seqLen) batch, and only
 * then makes it `target`'s reward source. Any refusal throws RewardModelError without touching
 * `target`, so the run goes on with its previous reward source (its own reward model, or an ONNX
 * model attached earlier: detach that one once the replacement is attached).
 */
export async function attachOnnxRewardModel(target: ScorerTarget, bytes: Uint8Array, vocab: readonly string[], opts: AttachOptions): Promise<AttachedRewardModel> {
  const { batch: B, seqLen: S } = opts;
  const handle = await loadRewardModel(bytes, [...vocab], { batch: B, seqLen: S, ort: opts.ort });
  const scorer = externalScorerFromOnnx(handle);
  try {
    // Trial run on a batch of the run's shape: EOS at every position, each row ending somewhere
    // else. Catches what only shows at run time (shape inference, missing kernels, NaN).
    const eos = 1;
    const lastIndex = Int32Array.from({ length: B }, (_, b) => b % S);
    const scores = await scorer(new Int32Array(B * S).fill(eos), B, S, 0, lastIndex);
    if (scores.length !== B) throw new RewardModelError('output-shape', `The reward model returned ${scores.length} scores for ${B} sequences.`);
  } catch (e) {
    await handle.release();
    if (e instanceof RewardModelError) throw e;
    throw new RewardModelError('runtime', `The reward model failed its trial run: ${e instanceof Error ? e.message : String(e)}`);
  }
  target.setExternalScorer(scorer);
  current.set(target, scorer);
  let attached = true;
  return {
    handle,
    warnings: handle.warnings,
    async detach() {
      if (!attached) return;
      attached = false;
      if (current.get(target) === scorer) {
        target.setExternalScorer(null);
        current.delete(target);
      }
      await handle.release();
    },
  };
}
