import type { PreferencePair, Scenario } from '../data/scenario';
import { EOS, PAD } from '../data/tokenizer';
import type { Backend, KlEstimator } from '../model/backend';
import { Generator } from '../model/generate';
import type { AdamWSettings, Gpt } from '../model/gpt';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { recordActorLoss, recordAdvantages } from './actor-losses';
import { ALGO_LABEL, isGrpoFamily, usesCritic, usesGroups, type Algo } from './algo-config';
import { ALGO_STATS_WIDTH, algoLearningView, broadcastAdvantages, groupFeedbackView } from './algo-stats';
import { DpoData } from './dpo';
import { dynamicSample } from './dynamic-sampling';
import { PPO_STATS } from '../gpu/kernels/ppo-loss';
import { MB_STAT, MB_STATS_WIDTH, VALUE_STATS_KEPT } from './minibatch-stats';
import { PpoBuffers } from './ppo-buffers';
import { recordValueLoss, sliceValues } from './ppo-losses';
import { adaptKlCoef, lrFactor, type PpoConfig } from './ppo-config';
import { iterationStats, type FeedbackView, type LearningView, type RolloutView } from './ppo-stats';
import { PtxTerm } from './ptx';
import { responseMask } from './sequences';
import { checkFeedback, checkLearning, divergedError } from './divergence';

export interface PpoModels<F, I> {
  /** The policy being trained. */
  actor: Gpt<F, I>;
  /** The frozen SFT policy the KL penalty is measured against. */
  reference: Gpt<F, I>;
  /** Values per response position (trained by PPO only; the other algorithms have no critic). */
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
 * One RL iteration as the RLHF literature describes it, in three phases the playground can step
 * through (docs/conventions.md §3; Ouyang et al. 2022; TRL's trainers; docs/algorithms.md):
 *   sampling  — the actor writes answers (G per prompt for group algorithms; DAPO may resample);
 *   feedback  — log-probs under actor and reference, per-token KL, scores, values (PPO), per-token
 *               rewards, group advantages (GRPO, RLOO), DPO's preference pairs and implicit rewards;
 *   learning  — the algorithm's advantages, then K epochs × M shuffled minibatches of actor updates
 *               with its loss (+ the PTX term when ptxCoef > 0), and PPO's critic updates.
 * One trainer for every algorithm: the algorithm chooses the advantage estimator and the loss.
 */
export class PpoTrainer<F, I> {
  private buffers: PpoBuffers<F, I> | null = null;
  private generator: Generator<F, I> | null = null;
  private ptx: PtxTerm<F, I> | null = null;
  private dpo: DpoData<F, I> | null = null;
  private readonly be: Backend<F, I>;
  /** β actually used in the next iteration (changes when adaptive). */
  klCoef: number;
  iteration = 0;
  private rollout: RolloutView | null = null;
  private feedbackView: FeedbackView | null = null;
  private externalScorer: ExternalScorer | null = null;
  /** The class's labelled pairs (DPO with dpo_pairs = 'class'). */
  private classPairs: PreferencePair[] = [];

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
    if (c.klCoef !== this.cfg.klCoef || c.adaptiveKl !== this.cfg.adaptiveKl || c.algo !== this.cfg.algo) this.klCoef = c.klCoef;
    this.cfg = c;
  }

  /** Scores come from `scorer` instead of the reward model from the next feedback phase on (null: back to the RM). */
  setExternalScorer(scorer: ExternalScorer | null): void {
    this.externalScorer = scorer;
  }

  /** The class's labelled pairs, DPO's data when dpo_pairs = 'class' (from the next sampling phase). */
  setClassPairs(pairs: PreferencePair[]): void {
    this.classPairs = pairs.map((p) => ({ prompt: [...p.prompt], chosen: [...p.chosen], rejected: [...p.rejected] }));
  }

  get classPairCount(): number {
    return this.classPairs.length;
  }

  private get P(): number {
    return this.scenario.promptLength;
  }

  private get algo(): Algo {
    return this.cfg.algo;
  }

  /** Answers per prompt (1 for algorithms without groups). */
  private get G(): number {
    return usesGroups(this.algo) ? this.cfg.num_generations : 1;
  }

  private ensureBuffers(): PpoBuffers<F, I> {
    const c = this.cfg;
    const T = c.maxResponseLength;
    const S = this.P + T;
    const maxS = this.models.actor.config.maxSeqLen;
    if (S > maxS) throw new RangeError(`prompt (${this.P}) + maxResponseLength (${T}) = ${S} exceeds the model's maxSeqLen ${maxS}`);
    const mb = c.batchSize / c.minibatches;
    const updates = c.epochs * c.minibatches;
    if (!this.ptx || this.ptx.B !== c.ptxBatchSize || this.ptx.updates !== updates) {
      this.ptx?.release();
      this.ptx = new PtxTerm(this.models.actor, this.scenario, c.ptxBatchSize, updates, new Rng(c.seed, STREAM.ptxHeldOut));
    }
    if (c.algo === 'dpo' && (!this.dpo || this.dpo.N !== c.batchSize || this.dpo.mbPairs !== mb)) {
      this.dpo?.release();
      this.dpo = new DpoData(this.be, this.scenario, c.batchSize, mb, new Rng(c.seed, STREAM.dpoHeldOut));
    }
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

  /** B prompts for the rollout: B/G prompts, each repeated G times in consecutive rows (TRL's RepeatSampler). */
  private prompts(rng: Rng, B: number): Int32Array[] {
    const G = this.G;
    return this.scenario.prompts(rng, B / G).flatMap((p) => Array.from({ length: G }, () => p));
  }

  /** Records the decoding of `prompts` into buf.seq (sampler stream and index) and reads the tokens back (one read-back). */
  private async generate(prompts: Int32Array[], stream: number, index: number): Promise<Int32Array> {
    const buf = this.buffers!, c = this.cfg;
    const seq = new Int32Array(buf.B * buf.S);
    prompts.forEach((p, b) => seq.set(p, b * buf.S));
    this.be.uploadInts(buf.seq, seq);
    this.generator!.record(buf.seq, buf.S, this.P, { temperature: c.temperature, seed: c.seed, stream, iteration: index, eos: EOS, pad: PAD });
    return this.be.readInts(buf.seq);
  }

  /** Phase 1: sample B answers from the actor (DPO: fresh answers to measure the policy, and the iteration's pairs). */
  async sample(): Promise<RolloutView> {
    const c = this.cfg;
    const buf = this.ensureBuffers();
    const { B, T, S } = buf;
    const P = this.P;
    const rng = new Rng(c.seed, STREAM.ppoPrompts, this.iteration);
    let tokens: Int32Array;
    let sampling: RolloutView['sampling'];
    if (c.dynamic_sampling && usesGroups(c.algo)) {
      // Round 0 is the ordinary rollout; later rounds draw their own prompts and answers (streams.ts).
      const more = new Rng(c.seed, STREAM.resamplePrompts, this.iteration);
      const r = await dynamicSample({
        B, G: this.G, S, maxRounds: c.max_num_gen_batches,
        generate: (round) => round === 0
          ? this.generate(this.prompts(rng, B), STREAM.ppoSampling, this.iteration)
          : this.generate(this.prompts(more, B), STREAM.resampleSampling, this.iteration * 64 + round),
        rewards: (t) => this.sequenceRewards(t),
      });
      tokens = r.tokens;
      sampling = { droppedGroups: r.droppedGroups, rounds: r.rounds, filledWithEqual: r.filledWithEqual };
      this.be.uploadInts(buf.seq, tokens);
    } else {
      tokens = await this.generate(this.prompts(rng, B), STREAM.ppoSampling, this.iteration);
    }
    const m = responseMask(tokens, B, S, P);
    this.be.upload(buf.mask, m.mask);
    this.be.uploadInts(buf.hasEos, m.hasEos);
    this.be.uploadInts(buf.lastIndex, m.lastIndex);
    if (c.algo === 'dpo') this.dpo!.choose(new Rng(c.seed, STREAM.dpoPairs, this.iteration), c.dpo_pairs === 'class' ? this.classPairs : null);
    this.rollout = { B, T, S, P, tokens, ...m, groups: this.G, ...(sampling ? { sampling } : {}) };
    this.feedbackView = null;
    return this.rollout;
  }

  /**
   * Records the scores (B) of the rollout in buf.seq into buf.scores (reward model, external scorer
   * or checker). Returns them when they were computed on the host (no read-back needed), else null.
   */
  private async recordScores(tokens: Int32Array, gold: () => Float32Array): Promise<Float32Array | null> {
    const buf = this.buffers!, { B, S } = buf, P = this.P;
    const reward = this.models.reward;
    if (this.externalScorer) {
      const external = await this.externalScorer(tokens, B, S, P, responseMask(tokens, B, S, P).lastIndex);
      if (external.length !== B || !external.every(Number.isFinite)) throw new Error(`the external reward model returned ${external.length} scores (expected ${B}) or a non-finite score`);
      this.be.upload(buf.scores, external);
      return external;
    }
    if (reward) {
      reward.forward(buf.seq, B, S);
      this.be.gatherAt(buf.scores, reward.output(), buf.lastIndex, B, S);
      return null;
    }
    const g = gold();
    this.be.upload(buf.scores, g); // verifiable answers: the checker is the reward
    return g;
  }

  /** (B) the sequence rewards of rows `tokens` (in buf.seq): the clipped score, or the missing-EOS penalty. */
  private async sequenceRewards(tokens: Int32Array): Promise<Float32Array> {
    const buf = this.buffers!, c = this.cfg, { B, S } = buf, P = this.P;
    const m = responseMask(tokens, B, S, P);
    this.be.uploadInts(buf.lastIndex, m.lastIndex);
    const scores = (await this.recordScores(tokens, () => this.gold(tokens))) ?? (await this.be.read(buf.scores));
    return scores.map((s, b) => (m.hasEos[b] ? Math.min(c.rewardClip, Math.max(-c.rewardClip, s)) : c.missingEosPenalty));
  }

  private gold(tokens: Int32Array): Float32Array {
    const { B, S } = this.buffers!, P = this.P;
    return Float32Array.from({ length: B }, (_, b) => this.scenario.gold(tokens.subarray(b * S, b * S + P), tokens.subarray(b * S + P, (b + 1) * S)));
  }

  /** The KL estimator of the per-token KL: GRPO's loss uses k3 and RLOO's reward k1 (TRL); PPO and REINFORCE++ the configured one. */
  private get estimator(): KlEstimator {
    return isGrpoFamily(this.algo) ? 'k3' : this.algo === 'rloo' ? 'k1' : this.cfg.klEstimator;
  }

  /** Phase 2: log-probs, KL to the reference, scores, values, per-token rewards, group advantages, DPO pairs. */
  async feedback(): Promise<FeedbackView> {
    const r = this.rollout;
    if (!r) throw new Error('feedback before sampling');
    const c = this.cfg;
    const buf = this.buffers!;
    const { be } = this;
    const { B, T, S, P } = r;
    const V = this.models.actor.config.vocabSize;
    const { actor, reference, critic } = this.models;
    actor.forward(buf.seq, B, S);
    be.logprobsForward(buf.logprobs, buf.entropy, actor.output(), buf.seq, B, T, S, P, V, c.temperature);
    reference.forward(buf.seq, B, S);
    be.logprobsForward(buf.refLogprobs, buf.refEntropy, reference.output(), buf.seq, B, T, S, P, V, c.temperature);
    if (usesCritic(c.algo)) {
      critic.forward(buf.seq, B, S);
      sliceValues(be, buf.values, critic.output(), { rows: B, T, S, P });
    } else {
      be.fill(buf.values, 0); // no critic: REINFORCE++'s returns are GAE with V ≡ 0
    }
    const prompt = (b: number) => r.tokens.subarray(b * S, b * S + P);
    const answer = (b: number) => r.tokens.subarray(b * S + P, (b + 1) * S);
    const gold = this.gold(r.tokens);
    const diagnostics: Record<string, number> = {};
    if (this.scenario.diagnostics) {
      for (let b = 0; b < B; b++) for (const [k, v] of Object.entries(this.scenario.diagnostics(prompt(b), answer(b)))) diagnostics[k] = (diagnostics[k] ?? 0) + v / B;
    }
    await this.recordScores(r.tokens, () => gold);
    const estimator = this.estimator;
    be.klPerToken(buf.kl, buf.logprobs, buf.refLogprobs, buf.mask, B * T, estimator);
    // GRPO's KL is in its loss, so its per-token rewards only carry the score (on the last token).
    const rewardBeta = isGrpoFamily(c.algo) || c.algo === 'dpo' ? 0 : this.klCoef;
    be.perTokenRewards(buf.rewards, buf.kl, buf.mask, buf.scores, buf.hasEos, B, T, rewardBeta, c.rewardClip, c.missingEosPenalty);
    const groups = usesGroups(c.algo);
    if (groups) {
      const rloo = c.algo === 'rloo';
      be.groupAdvantages(buf.seqRewards, buf.seqAdvantages, buf.groupStats, buf.groupScalars, buf.scores, buf.hasEos, buf.kl, buf.mask, B, T, {
        G: this.G, baseline: rloo ? 'loo' : 'mean', scaleRewards: rloo ? 'none' : c.scale_rewards, normalize: rloo && c.normalize_advantages,
        klCoef: rloo ? this.klCoef : 0, rewardClip: c.rewardClip, missingEosPenalty: c.missingEosPenalty,
      });
      if (rloo) be.seqLogprobForward(buf.seqOld, buf.logprobs, buf.mask, B, T);
    }
    const reads = [buf.logprobs, buf.refLogprobs, buf.entropy, buf.values, buf.scores, buf.kl, buf.rewards, ...(groups ? [buf.seqRewards, buf.seqAdvantages, buf.groupStats, buf.groupScalars] : [])];
    const [logprobs, refLogprobs, entropy, values, scores, kl, rewards, ...g] = await be.readMany(reads);
    const group = groups ? groupFeedbackView(this.G, g[0], g[1], g[2], g[3]) : undefined;
    const dpo = c.algo === 'dpo' ? await this.dpo!.feedback(actor, reference, this.klCoef, c.loss_type as 'sigmoid', c.dpo_pairs) : undefined;
    const view: FeedbackView = { logprobs, refLogprobs, entropy, values, scores, kl, rewards, gold, diagnostics, klCoef: this.klCoef, estimator, ...(group ? { group } : {}), ...(dpo ? { dpo } : {}) };
    checkFeedback(view, T, c);
    this.feedbackView = view;
    return view;
  }

  private adam(lr: number): AdamWSettings {
    return { lr: lr * lrFactor(this.cfg, this.iteration), beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maxGradNorm: this.cfg.maxGradNorm };
  }

  /** Phase 3: the algorithm's advantages, then K epochs of minibatch updates of the actor (and PPO's critic). */
  async learn(): Promise<LearningView> {
    const r = this.rollout, f = this.feedbackView;
    if (!r || !f) throw new Error('learning before feedback');
    const c = this.cfg, algo = c.algo;
    const buf = this.buffers!, ptx = this.ptx!;
    const { be } = this;
    const { B, T, S, P } = r;
    const { mb } = buf;
    const mT = mb * T;
    const { actor, critic } = this.models;
    // The language measure: held-out SFT cross-entropy of the policy that sampled (before its update).
    ptx.reset();
    ptx.recordHeldOut();
    recordAdvantages(be, buf, c);
    let numItems = 0;
    for (let i = 0; i < B * T; i++) numItems += r.mask[i];
    const shuffle = new Rng(c.seed, STREAM.ppoShuffle, this.iteration);
    const ptxRng = new Rng(c.seed, STREAM.ptxBatches, this.iteration);
    const order: number[][] = [];
    let u = 0;
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      const perm = shuffle.shuffle(Array.from({ length: B }, (_, i) => i)) as number[];
      for (let m = 0; m < c.minibatches; m++, u++) {
        const rows = perm.slice(m * mb, (m + 1) * mb);
        actor.zeroGrad();
        if (algo === 'dpo') {
          order.push([]); // DPO's rows are preference pairs, not rollout rows
          this.dpo!.recordUpdate(actor, rows, this.klCoef, c.loss_type as 'sigmoid');
          actor.backward(this.dpo!.mbSeq);
          be.copy(this.dpo!.stats, be.view(buf.algoTable, u * ALGO_STATS_WIDTH, this.dpo!.statsLength));
        } else {
          order.push(rows);
          be.uploadInts(buf.idx, Int32Array.from(rows));
          be.gatherRowsInt(buf.mbSeq, buf.seq, buf.idx, mb, S);
          be.gatherRows(buf.mbOld, buf.logprobs, buf.idx, mb, T);
          be.gatherRows(buf.mbAdv, buf.advantagesWhite, buf.idx, mb, T);
          be.gatherRows(buf.mbMask, buf.mask, buf.idx, mb, T);
          // Actor: the algorithm's loss on the new log-probs (ratio ≡ 1 on the first minibatch).
          recordActorLoss(actor, buf, c, P, u, numItems);
          actor.backward(buf.mbSeq);
          be.copy(buf.mbNew, be.view(buf.newLogprobs, u * mT, mT));
          be.copy(buf.mbEntropy, be.view(buf.newEntropy, u * mT, mT));
        }
        // PPO-ptx: the SFT cross-entropy's gradient joins the RL gradient before the one AdamW step.
        if (c.ptxCoef > 0) ptx.recordUpdate(u, ptxRng, c.ptxCoef);
        actor.step(this.adam(c.actorLr));
        const row = u * MB_STATS_WIDTH;
        be.copy(buf.policyStats, be.view(buf.mbStats, row + MB_STAT.policyStats, PPO_STATS.length));
        be.copy(actor.gradNormSquaredView(), be.view(buf.mbStats, row + MB_STAT.actorGradNormSq, 1));
        if (usesCritic(algo)) {
          // Critic: clipped value loss on the values of the same positions.
          be.gatherRows(buf.mbReturns, buf.returns, buf.idx, mb, T);
          be.gatherRows(buf.mbOldValues, buf.values, buf.idx, mb, T);
          critic.zeroGrad();
          recordValueLoss(critic, {
            seq: buf.mbSeq, oldValues: buf.mbOldValues, returns: buf.mbReturns, mask: buf.mbMask,
            values: buf.mbValues, dvalues: buf.mbDvalues, stats: buf.valueStats,
          }, { rows: mb, T, S, P }, c.valueClipEps);
          critic.backward(buf.mbSeq);
          critic.step(this.adam(c.criticLr));
          be.copy(be.view(buf.valueStats, 0, VALUE_STATS_KEPT), be.view(buf.mbStats, row + MB_STAT.valueStats, VALUE_STATS_KEPT));
          be.copy(critic.gradNormSquaredView(), be.view(buf.mbStats, row + MB_STAT.criticGradNormSq, 1));
        }
      }
    }
    const [ptxUpdates, ptxHeldOut] = ptx.readbacks;
    const [advantages, returns, advantagesWhite, mbStats, newLogprobs, newEntropy, algoTable, ptxLosses, heldOutLosses] = await be.readMany([buf.advantages, buf.returns, buf.advantagesWhite, buf.mbStats, buf.newLogprobs, buf.newEntropy, buf.algoTable, ptxUpdates, ptxHeldOut]);
    const ptxPerUpdate = order.map((_, k) => ptx.updateCe(ptxLosses, k));
    checkLearning(mbStats, f, T, c);
    for (let k = 0; k < order.length; k++) {
      const row = [...algoTable.subarray(k * ALGO_STATS_WIDTH, (k + 1) * ALGO_STATS_WIDTH), ...(c.ptxCoef > 0 ? [ptxPerUpdate[k]] : [])];
      const bad = row.find((x) => !Number.isFinite(x));
      const where = `in epoch ${Math.floor(k / c.minibatches) + 1}, minibatch ${(k % c.minibatches) + 1}`;
      if (bad !== undefined) throw divergedError(`the ${ALGO_LABEL[algo]} loss (or its PTX term) became ${bad} ${where}`, 'actor', c);
    }
    const seqAdv = f.group ? broadcastAdvantages(f.group.advantages, r.mask, B, T) : null;
    const base = iterationStats({
      rollout: r, feedback: f, advantages: seqAdv ?? advantages, returns, advantagesWhite: seqAdv ?? advantagesWhite, mbStats,
      newLogprobs, newEntropy, order, config: c, mb, iteration: this.iteration,
    });
    const scoresUsed = Float32Array.from(f.scores, (s, b) => (r.hasEos[b] ? s : c.missingEosPenalty));
    const view = algoLearningView(base, {
      algo, config: c, rollout: r, algoTable, group: f.group, dpo: f.dpo, scoresUsed,
      ptx: ptxPerUpdate, heldOutCe: ptx.heldOutCe(heldOutLosses), sampling: r.sampling,
    });
    if (c.adaptiveKl && (algo === 'ppo' || algo === 'reinforce_pp' || algo === 'rloo')) this.klCoef = adaptKlCoef(this.klCoef, view.stats['objective/kl'], c, B);
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
    this.ptx?.release();
    this.dpo?.release();
  }
}
