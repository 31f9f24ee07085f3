import type { Scenario } from '../data/scenario';
import { EOS, PAD } from '../data/tokenizer';
import type { Backend } from '../model/backend';
import { Generator } from '../model/generate';
import type { AdamWSettings, Gpt } from '../model/gpt';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { PPO_STATS } from '../gpu/kernels/ppo-loss';
import { MB_STAT, MB_STATS_WIDTH, VALUE_STATS_KEPT } from './minibatch-stats';
import { PpoBuffers } from './ppo-buffers';
import { recordPolicyLoss, recordValueLoss, sliceValues } from './ppo-losses';
import { adaptKlCoef, lrFactor, type PpoConfig } from './ppo-config';
import { iterationStats, type FeedbackView, type LearningView, type RolloutView } from './ppo-stats';
import { responseMask } from './sequences';
import { checkFeedback, checkLearning } from './divergence';

export interface PpoModels<F, I> {
  /** The policy being trained. */
  actor: Gpt<F, I>;
  /** The frozen SFT policy the KL penalty is measured against. */
  reference: Gpt<F, I>;
  /** Values per response position. */
  critic: Gpt<F, I>;
  /** Scores answers; null when the scenario's checker is the reward (verifiable answers). */
  reward: Gpt<F, I> | null;
}

/**
 * A reward source outside the engine (e.g. an ONNX reward model run by onnxruntime-web): scores
 * (B) for sequences (B, S) whose answers start at P; lastIndex (B) is each row's last real token.
 */
export type ExternalScorer = (tokens: Int32Array, B: number, S: number, P: number, lastIndex: Int32Array) => Promise<Float32Array>;

/**
 * One PPO iteration as the RLHF literature describes it, in three phases the playground can step
 * through (docs/conventions.md §3; Ouyang et al. 2022; TRL's PPOTrainer):
 *   sampling  — the actor writes answers (GPU-resident decoding, one read-back at the end);
 *   feedback  — log-probs under actor and reference, per-token KL, reward-model scores, values,
 *               per-token rewards;
 *   learning  — GAE, whitening, K epochs × M shuffled minibatches of clipped policy and value updates.
 * Each phase is recorded on the backend and read back once for the views.
 */
export class PpoTrainer<F, I> {
  private buffers: PpoBuffers<F, I> | null = null;
  private generator: Generator<F, I> | null = null;
  private readonly be: Backend<F, I>;
  /** β actually used in the next iteration (changes when adaptive). */
  klCoef: number;
  iteration = 0;
  private rollout: RolloutView | null = null;
  private feedbackView: FeedbackView | null = null;
  private externalScorer: ExternalScorer | null = null;

  constructor(
    readonly models: PpoModels<F, I>,
    readonly scenario: Scenario,
    private cfg: PpoConfig,
  ) {
    this.be = models.actor.backend;
    this.klCoef = cfg.klCoef;
    if (!scenario.hasRewardModel && models.reward) throw new Error(`scenario "${scenario.id}" scores with its checker; pass reward: null`);
    if (scenario.hasRewardModel && !models.reward) throw new Error(`scenario "${scenario.id}" needs a reward model`);
  }

  get config(): PpoConfig {
    return this.cfg;
  }

  /** New settings take effect from the next iteration; buffers follow the new shapes. */
  setConfig(c: PpoConfig): void {
    if (c.klCoef !== this.cfg.klCoef || c.adaptiveKl !== this.cfg.adaptiveKl) this.klCoef = c.klCoef;
    this.cfg = c;
  }

  /** Scores come from `scorer` instead of the reward model from the next feedback phase on (null: back to the RM). */
  setExternalScorer(scorer: ExternalScorer | null): void {
    this.externalScorer = scorer;
  }

  private get P(): number {
    return this.scenario.promptLength;
  }

  private ensureBuffers(): PpoBuffers<F, I> {
    const c = this.cfg;
    const T = c.maxResponseLength;
    const S = this.P + T;
    const maxS = this.models.actor.config.maxSeqLen;
    if (S > maxS) throw new RangeError(`prompt (${this.P}) + maxResponseLength (${T}) = ${S} exceeds the model's maxSeqLen ${maxS}`);
    const mb = c.batchSize / c.minibatches;
    const updates = c.epochs * c.minibatches;
    const b = this.buffers;
    if (b && b.B === c.batchSize && b.T === T && b.mb === mb && b.updates === updates) return b;
    b?.release();
    if (this.generator?.B !== c.batchSize) {
      this.generator?.release();
      this.generator = new Generator(this.models.actor, c.batchSize);
    }
    this.buffers = new PpoBuffers(this.be, c.batchSize, T, S, mb, updates);
    return this.buffers;
  }

  /** Phase 1: sample B answers from the actor. */
  async sample(): Promise<RolloutView> {
    const c = this.cfg;
    const buf = this.ensureBuffers();
    const { B, T, S } = buf;
    const P = this.P;
    const prompts = this.scenario.prompts(new Rng(c.seed, STREAM.ppoPrompts, this.iteration), B);
    const seq = new Int32Array(B * S);
    prompts.forEach((p, b) => seq.set(p, b * S));
    this.be.uploadInts(buf.seq, seq);
    this.generator!.record(buf.seq, S, P, { temperature: c.temperature, seed: c.seed, stream: STREAM.ppoSampling, iteration: this.iteration, eos: EOS, pad: PAD });
    const tokens = await this.be.readInts(buf.seq);
    const m = responseMask(tokens, B, S, P);
    this.be.upload(buf.mask, m.mask);
    this.be.uploadInts(buf.hasEos, m.hasEos);
    this.be.uploadInts(buf.lastIndex, m.lastIndex);
    this.rollout = { B, T, S, P, tokens, ...m };
    this.feedbackView = null;
    return this.rollout;
  }

  /** Phase 2: log-probs, KL to the reference, scores, values and per-token rewards. */
  async feedback(): Promise<FeedbackView> {
    const r = this.rollout;
    if (!r) throw new Error('feedback before sampling');
    const c = this.cfg;
    const buf = this.buffers!;
    const { be } = this;
    const { B, T, S, P } = r;
    const V = this.models.actor.config.vocabSize;
    const { actor, reference, critic, reward } = this.models;
    actor.forward(buf.seq, B, S);
    be.logprobsForward(buf.logprobs, buf.entropy, actor.output(), buf.seq, B, T, S, P, V, c.temperature);
    reference.forward(buf.seq, B, S);
    be.logprobsForward(buf.refLogprobs, buf.refEntropy, reference.output(), buf.seq, B, T, S, P, V, c.temperature);
    critic.forward(buf.seq, B, S);
    sliceValues(be, buf.values, critic.output(), { rows: B, T, S, P });
    const prompt = (b: number) => r.tokens.subarray(b * S, b * S + P);
    const answer = (b: number) => r.tokens.subarray(b * S + P, (b + 1) * S);
    const gold = Float32Array.from({ length: B }, (_, b) => this.scenario.gold(prompt(b), answer(b)));
    const diagnostics: Record<string, number> = {};
    if (this.scenario.diagnostics) {
      for (let b = 0; b < B; b++) for (const [k, v] of Object.entries(this.scenario.diagnostics(prompt(b), answer(b)))) diagnostics[k] = (diagnostics[k] ?? 0) + v / B;
    }
    if (this.externalScorer) {
      const external = await this.externalScorer(r.tokens, B, S, P, r.lastIndex);
      if (external.length !== B || !external.every(Number.isFinite)) throw new Error(`the external reward model returned ${external.length} scores (expected ${B}) or a non-finite score`);
      be.upload(buf.scores, external);
    } else if (reward) {
      reward.forward(buf.seq, B, S);
      be.gatherAt(buf.scores, reward.output(), buf.lastIndex, B, S);
    } else {
      be.upload(buf.scores, gold); // verifiable answers: the checker is the reward
    }
    be.klPerToken(buf.kl, buf.logprobs, buf.refLogprobs, buf.mask, B * T, c.klEstimator);
    be.perTokenRewards(buf.rewards, buf.kl, buf.mask, buf.scores, buf.hasEos, B, T, this.klCoef, c.rewardClip, c.missingEosPenalty);
    const [logprobs, refLogprobs, entropy, values, scores, kl, rewards] = await be.readMany([buf.logprobs, buf.refLogprobs, buf.entropy, buf.values, buf.scores, buf.kl, buf.rewards]);
    const view: FeedbackView = { logprobs, refLogprobs, entropy, values, scores, kl, rewards, gold, diagnostics, klCoef: this.klCoef, estimator: c.klEstimator };
    checkFeedback(view, T, c);
    this.feedbackView = view;
    return view;
  }

  private adam(lr: number): AdamWSettings {
    return { lr: lr * lrFactor(this.cfg, this.iteration), beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maxGradNorm: this.cfg.maxGradNorm };
  }

  /** Phase 3: advantages and returns, then K epochs of minibatch updates of actor and critic. */
  async learn(): Promise<LearningView> {
    const r = this.rollout, f = this.feedbackView;
    if (!r || !f) throw new Error('learning before feedback');
    const c = this.cfg;
    const buf = this.buffers!;
    const { be } = this;
    const { B, T, S, P } = r;
    const { mb } = buf;
    const mT = mb * T;
    const shape = { rows: mb, T, S, P };
    const { actor, critic } = this.models;
    be.gae(buf.advantages, buf.returns, buf.rewards, buf.values, buf.mask, B, T, c.gamma, c.lambda);
    if (c.whitenAdvantages) be.whitenMasked(buf.advantagesWhite, buf.advantages, buf.mask, B * T, true);
    else be.copy(buf.advantages, buf.advantagesWhite);
    const shuffle = new Rng(c.seed, STREAM.ppoShuffle, this.iteration);
    const order: number[][] = [];
    let u = 0;
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      const perm = shuffle.shuffle(Array.from({ length: B }, (_, i) => i)) as number[];
      for (let m = 0; m < c.minibatches; m++, u++) {
        const rows = perm.slice(m * mb, (m + 1) * mb);
        order.push(rows);
        be.uploadInts(buf.idx, Int32Array.from(rows));
        be.gatherRowsInt(buf.mbSeq, buf.seq, buf.idx, mb, S);
        be.gatherRows(buf.mbOld, buf.logprobs, buf.idx, mb, T);
        be.gatherRows(buf.mbAdv, buf.advantagesWhite, buf.idx, mb, T);
        be.gatherRows(buf.mbMask, buf.mask, buf.idx, mb, T);
        be.gatherRows(buf.mbReturns, buf.returns, buf.idx, mb, T);
        be.gatherRows(buf.mbOldValues, buf.values, buf.idx, mb, T);
        // Actor: clipped surrogate on the new log-probs (ratio ≡ 1 on the first minibatch).
        actor.zeroGrad();
        recordPolicyLoss(actor, {
          seq: buf.mbSeq, oldLogprobs: buf.mbOld, advantages: buf.mbAdv, mask: buf.mbMask,
          logprobs: buf.mbNew, entropy: buf.mbEntropy, dlogprobs: buf.mbDlogprob, zeros: buf.mbZeros, stats: buf.policyStats,
        }, shape, c.temperature, c.clipEps);
        actor.backward(buf.mbSeq);
        actor.step(this.adam(c.actorLr));
        // Critic: clipped value loss on the values of the same positions.
        critic.zeroGrad();
        recordValueLoss(critic, {
          seq: buf.mbSeq, oldValues: buf.mbOldValues, returns: buf.mbReturns, mask: buf.mbMask,
          values: buf.mbValues, dvalues: buf.mbDvalues, stats: buf.valueStats,
        }, shape, c.valueClipEps);
        critic.backward(buf.mbSeq);
        critic.step(this.adam(c.criticLr));
        // Keep this minibatch's diagnostics on the device; everything is read back once below.
        const row = u * MB_STATS_WIDTH;
        be.copy(buf.policyStats, be.view(buf.mbStats, row + MB_STAT.policyStats, PPO_STATS.length));
        be.copy(be.view(buf.valueStats, 0, VALUE_STATS_KEPT), be.view(buf.mbStats, row + MB_STAT.valueStats, VALUE_STATS_KEPT));
        be.copy(actor.gradNormSquaredView(), be.view(buf.mbStats, row + MB_STAT.actorGradNormSq, 1));
        be.copy(critic.gradNormSquaredView(), be.view(buf.mbStats, row + MB_STAT.criticGradNormSq, 1));
        be.copy(buf.mbNew, be.view(buf.newLogprobs, u * mT, mT));
        be.copy(buf.mbEntropy, be.view(buf.newEntropy, u * mT, mT));
      }
    }
    const [advantages, returns, advantagesWhite, mbStats, newLogprobs, newEntropy] = await be.readMany([buf.advantages, buf.returns, buf.advantagesWhite, buf.mbStats, buf.newLogprobs, buf.newEntropy]);
    checkLearning(mbStats, f, T, c);
    const view = iterationStats({ rollout: r, feedback: f, advantages, returns, advantagesWhite, mbStats, newLogprobs, newEntropy, order, config: c, mb, iteration: this.iteration });
    if (c.adaptiveKl) this.klCoef = adaptKlCoef(this.klCoef, view.stats['objective/kl'], c, B);
    this.iteration += 1;
    this.rollout = null;
    this.feedbackView = null;
    return view;
  }

  /** All three phases. */
  async step(): Promise<{ rollout: RolloutView; feedback: FeedbackView; learning: LearningView }> {
    const rollout = await this.sample();
    const feedback = await this.feedback();
    const learning = await this.learn();
    return { rollout, feedback, learning };
  }

  release(): void {
    this.buffers?.release();
    this.generator?.release();
  }
}
