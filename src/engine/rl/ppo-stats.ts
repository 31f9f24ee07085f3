import type { KlEstimator } from '../model/backend';
import { minibatchStats, type MinibatchStats } from './minibatch-stats';
import type { PpoConfig } from './ppo-config';
import type { ResponseMask } from './sequences';

/** What the sampling phase produced (read back once). */
export interface RolloutView extends ResponseMask {
  B: number;
  T: number;
  S: number;
  P: number;
  /** (B, S) prompt + answer tokens, PAD after EOS. */
  tokens: Int32Array;
}

/** What the feedback phase produced, all (B, T) unless noted. */
export interface FeedbackView {
  logprobs: Float32Array;
  refLogprobs: Float32Array;
  entropy: Float32Array;
  values: Float32Array;
  /** (B) reward-model score (or checker score) before the missing-EOS penalty and clipping. */
  scores: Float32Array;
  /** The chosen estimator's per-token KL (masked). */
  kl: Float32Array;
  rewards: Float32Array;
  /** (B) the rule-based gold score. */
  gold: Float32Array;
  /** The scenario's own diagnostics, averaged over the rollout (e.g. bait words per answer). */
  diagnostics: Record<string, number>;
  klCoef: number;
  estimator: KlEstimator;
}

export type { MinibatchStats };

/** What the learning phase produced. */
export interface LearningView {
  /** (B, T) GAE advantages (before whitening), returns = A + V, whitened advantages, TD residuals δ. */
  advantages: Float32Array;
  returns: Float32Array;
  advantagesWhite: Float32Array;
  deltas: Float32Array;
  /** (B, T) the ratio exp(new − old) of each token in the last epoch, and whether the clip bound it. */
  ratio: Float32Array;
  clipped: Uint8Array;
  minibatches: MinibatchStats[];
  /** The iteration's statistics under TRL's names (docs/conventions.md §3). */
  stats: Record<string, number>;
}

export interface StatsInput {
  rollout: RolloutView;
  feedback: FeedbackView;
  advantages: Float32Array;
  returns: Float32Array;
  advantagesWhite: Float32Array;
  /** (updates, MB_STATS_WIDTH): the per-minibatch diagnostics (minibatch-stats.ts). */
  mbStats: Float32Array;
  newLogprobs: Float32Array;
  newEntropy: Float32Array;
  /** Rows of each update, in update order. */
  order: number[][];
  config: PpoConfig;
  mb: number;
  iteration: number;
}

const mean = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : 0;
};

/** TRL-named statistics and the per-token views of the learning phase. */
export function iterationStats(x: StatsInput): LearningView {
  const { rollout: r, feedback: f, config: c, mb } = x;
  const { B, T } = r;
  const m = r.mask;
  const rowSum = (v: (i: number) => number) => Float64Array.from({ length: B }, (_, b) => {
    let s = 0;
    for (let t = 0; t < T; t++) if (m[b * T + t] > 0) s += v(b * T + t);
    return s;
  });
  const klK1 = rowSum((i) => f.logprobs[i] - f.refLogprobs[i]);
  const negLogprob = rowSum((i) => -f.logprobs[i]);
  const nonScore = rowSum((i) => -f.klCoef * f.kl[i]);
  const scoreUsed = Float64Array.from({ length: B }, (_, b) => (r.hasEos[b] ? f.scores[b] : c.missingEosPenalty));

  // Per-token ratios over all updates (masked mean/var, TRL val/ratio), and the last epoch's view.
  const ratio = new Float32Array(B * T).fill(1);
  const clipped = new Uint8Array(B * T);
  let rs = 0, rs2 = 0, rn = 0, ent = 0;
  x.order.forEach((rows, u) => {
    rows.forEach((b, k) => {
      for (let t = 0; t < T; t++) {
        const i = b * T + t;
        if (m[i] === 0) continue;
        const q = Math.exp(x.newLogprobs[u * mb * T + k * T + t] - f.logprobs[i]);
        rs += q;
        rs2 += q * q;
        rn += 1;
        ent += x.newEntropy[u * mb * T + k * T + t];
        ratio[i] = q;
        const a = x.advantagesWhite[i];
        clipped[i] = (a > 0 && q > 1 + c.clipEps) || (a < 0 && q < 1 - c.clipEps) ? 1 : 0;
      }
    });
  });
  const ratioMean = rn ? rs / rn : 1;

  // TD residuals δ_t = r_t + γ·V_{t+1}·m_{t+1} − V_t (for the view), and explained variance.
  const deltas = new Float32Array(B * T);
  let sr = 0, sr2 = 0, se = 0, se2 = 0, n = 0;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      if (m[i] === 0) continue;
      const next = t + 1 < T && m[i + 1] > 0 ? f.values[i + 1] : 0;
      deltas[i] = f.rewards[i] + c.gamma * next - f.values[i];
      const ret = x.returns[i], err = ret - f.values[i];
      sr += ret; sr2 += ret * ret; se += err; se2 += err * err; n++;
    }
  }
  const varRet = n ? sr2 / n - (sr / n) ** 2 : 0;
  const varErr = n ? se2 / n - (se / n) ** 2 : 0;

  const minibatches = x.order.map((_, u) => minibatchStats(x.mbStats, u, c.minibatches));
  const avg = (k: keyof MinibatchStats) => mean(minibatches.map((s) => s[k] as number));
  const eosTokens = r.hasEos.reduce((a, v) => a + v, 0);
  const stats: Record<string, number> = {
    iteration: x.iteration,
    'objective/kl': mean(klK1),
    'objective/entropy': mean(negLogprob),
    'objective/non_score_reward': mean(nonScore),
    'objective/rlhf_reward': mean(nonScore) + mean(scoreUsed),
    'objective/scores': mean(scoreUsed),
    'objective/kl_coef': f.klCoef,
    'objective/gold_score': mean(f.gold),
    'policy/approxkl_avg': avg('approxkl'),
    'policy/clipfrac_avg': avg('clipfrac'),
    'policy/entropy_avg': rn ? ent / rn : 0,
    'loss/policy_avg': avg('policyLoss'),
    'loss/value_avg': avg('valueLoss'),
    'val/clipfrac_avg': avg('valueClipfrac'),
    'val/ratio': ratioMean,
    'val/ratio_var': rn ? rs2 / rn - ratioMean ** 2 : 0,
    'val/var_explained': varRet > 0 ? 1 - varErr / varRet : 0,
    'val/num_eos_tokens': eosTokens,
    'response/length_mean': mean(r.length),
    'response/eos_rate': eosTokens / B,
    'grad/actor_norm_avg': avg('actorGradNorm'),
    'grad/critic_norm_avg': avg('criticGradNorm'),
    ...f.diagnostics,
  };
  return { advantages: x.advantages, returns: x.returns, advantagesWhite: x.advantagesWhite, deltas, ratio, clipped, minibatches, stats };
}
