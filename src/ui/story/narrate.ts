/**
 * "What just happened": a few plain sentences after each phase (and each SFT / reward-model
 * training run), built from that phase's real numbers. Pure: views in, sentences out — each
 * sentence is a text key under `narrate.` (src/i18n/story.{en,zh}.ts) and its variables, numbers
 * already formatted by the page's one formatter (src/ui/format.ts), so every language gets the same
 * figures. Rows are named "#b" as the panels number them (from 0).
 */
import type { PpoConfig } from '../../engine/rl/ppo-config';
import { trainAccuracy } from '../../lessons/measures';
import type { FeedbackView, LearningView, RolloutView } from '../../engine/rl/ppo-stats';
import type { RewardRetrainReply, StageCurves } from '../../worker/protocol';
import { fmt, pct } from '../format';

export interface Sentence {
  key: string;
  vars: Record<string, string | number>;
}

const say = (key: string, vars: Record<string, string | number> = {}): Sentence => ({ key, vars });

/** Answer b's words up to and including EOS (PAD dropped). */
function answerText(r: RolloutView, vocab: readonly string[], b: number): string {
  const words: string[] = [];
  for (let t = 0; t < r.length[b]; t++) words.push(vocab[r.tokens[b * r.S + r.P + t]] ?? '?');
  return words.join(' ');
}

/** Index of the largest f(i) over 0..n−1 (first on ties), or −1 when n = 0. */
function argBest(n: number, f: (i: number) => number): number {
  let best = -1;
  for (let i = 0; i < n; i++) if (best < 0 || f(i) > f(best)) best = i;
  return best;
}

export function narrateSampling(r: RolloutView, vocab: readonly string[], missingEosPenalty: number): Sentence[] {
  const { B } = r;
  let total = 0;
  for (let b = 0; b < B; b++) total += r.length[b];
  const longest = argBest(B, (b) => r.length[b]);
  const shortest = argBest(B, (b) => -r.length[b]);
  const noEos = B - r.hasEos.reduce((a, v) => a + v, 0);
  const distinct = new Set(Array.from({ length: B }, (_, b) => answerText(r, vocab, b))).size;
  return [
    say('sample.count', { B, mean: fmt(total / B, 1), distinct }),
    say('sample.longest', { b: longest, n: r.length[longest], text: answerText(r, vocab, longest) }),
    say('sample.shortest', { b: shortest, n: r.length[shortest], text: answerText(r, vocab, shortest) }),
    noEos === 0 ? say('sample.allEos') : say('sample.noEos', { n: noEos, B, penalty: fmt(missingEosPenalty, 2) }),
  ];
}

export function narrateFeedback(r: RolloutView, f: FeedbackView, vocab: readonly string[], hasRewardModel: boolean): Sentence[] {
  const { B, T } = r;
  const out: Sentence[] = [];
  if (hasRewardModel) {
    const best = argBest(B, (b) => f.scores[b]);
    const worst = argBest(B, (b) => -f.scores[b]);
    out.push(say('feedback.best', { b: best, score: fmt(f.scores[best], 2), gold: fmt(f.gold[best], 2), text: answerText(r, vocab, best) }));
    out.push(say('feedback.worst', { b: worst, score: fmt(f.scores[worst], 2), gold: fmt(f.gold[worst], 2), text: answerText(r, vocab, worst) }));
  } else {
    // The checker scores 1 / 0 / −1 (right / wrong / malformed).
    const count = (v: number) => Array.from(f.scores).filter((s) => s === v).length;
    out.push(say('feedback.checker', { right: count(1), wrong: count(0), malformed: count(-1), B }));
  }
  let klSum = 0;
  for (let i = 0; i < B * T; i++) klSum += f.kl[i] * r.mask[i];
  const klMean = klSum / B;
  if (klSum === 0 && f.kl.every((k) => k === 0)) {
    out.push(say('feedback.klZero'));
  } else {
    const at = argBest(B * T, (i) => (r.mask[i] > 0 ? f.kl[i] : -Infinity));
    const b = Math.floor(at / T), t = at % T;
    const ratio = Math.exp(f.logprobs[at] - f.refLogprobs[at]);
    out.push(say('feedback.kl', { kl: fmt(klMean, 3), beta: fmt(f.klCoef, 3), penalty: fmt(f.klCoef * klMean, 3) }));
    out.push(say('feedback.klMax', { b, t, token: vocab[r.tokens[b * r.S + r.P + t]] ?? '?', kl: fmt(f.kl[at], 3), times: fmt(ratio, 2) }));
  }
  return out;
}

/** `previous`: the statistics of the iteration before this one (null on the first). */
export function narrateLearning(r: RolloutView, l: LearningView, vocab: readonly string[], c: PpoConfig, previous: Readonly<Record<string, number>> | null): Sentence[] {
  const { B, T } = r;
  const out: Sentence[] = [say('learn.updates', { K: c.epochs, M: c.minibatches, n: c.epochs * c.minibatches })];
  let tokens = 0, up = 0, down = 0;
  for (let i = 0; i < B * T; i++) {
    if (r.mask[i] === 0) continue;
    tokens++;
    if (l.clipped[i] && l.advantagesWhite[i] > 0) up++;
    else if (l.clipped[i]) down++;
  }
  const lo = fmt(1 - c.clipEps, 2), hi = fmt(1 + c.clipEps, 2);
  out.push(up + down === 0
    ? say('learn.noneClipped', { lo, hi })
    : say('learn.clipped', { n: up + down, total: tokens, share: pct((up + down) / tokens), up, down, lo, hi }));
  const push = argBest(B * T, (i) => (r.mask[i] > 0 ? l.advantagesWhite[i] : -Infinity));
  const pb = Math.floor(push / T), pt = push % T;
  out.push(say('learn.push', { b: pb, t: pt, token: vocab[r.tokens[pb * r.S + r.P + pt]] ?? '?', adv: fmt(l.advantagesWhite[push], 2) }));
  const ve = l.stats['val/var_explained'];
  const before = previous?.['val/var_explained'];
  // Explained variance is 1 − Var(returns − values) / Var(returns): below 0 it is not a "share
  // explained" but a critic whose values are further from the returns than their plain mean.
  if (before === undefined) out.push(say(ve < 0 ? 'learn.varExpNegative' : 'learn.varExp', { v: fmt(ve, 2) }));
  else {
    out.push(say(ve > before ? 'learn.varExpBetter' : 'learn.varExpWorse', { v: fmt(ve, 2), before: fmt(before, 2) }));
    if (ve < 0) out.push(say('learn.varExpBelowMean'));
  }
  return out;
}

/** SFT and reward model trained in the tab. */
export function narrateStages(curves: StageCurves): Sentence[] {
  const out: Sentence[] = [];
  const s = curves.sftLosses;
  if (s.length) out.push(say('stages.sft', { steps: s.length, first: fmt(s[0], 2), last: fmt(s[s.length - 1], 2) }));
  const rm = curves.rmLosses;
  if (rm.length) {
    out.push(say('stages.rm', { steps: rm.length, first: fmt(rm[0], 2), last: fmt(rm[rm.length - 1], 2) }));
    if (curves.heldOutAccuracy !== null) out.push(say('stages.heldOut', { acc: pct(curves.heldOutAccuracy) }));
  }
  return out;
}

/**
 * The reward model retrained on the class's pairs, against the one in use before (held-out
 * accuracy of both on the same pairs). A drop of more than 5 points is called what it is.
 */
export function narrateRetrain(result: Pick<RewardRetrainReply, 'curves' | 'pairs' | 'heldOutAccuracy' | 'heldOutBefore'>): Sentence[] {
  const before = result.heldOutBefore, after = result.heldOutAccuracy;
  const out = [
    say('stages.retrain', { n: result.pairs, train: pct(trainAccuracy(result.curves)), after: pct(after) }),
    say('stages.retrainBefore', { before: pct(before), after: pct(after) }),
  ];
  if (after < before - 0.05) out.push(say('stages.overfit', { n: result.pairs }));
  return out;
}
