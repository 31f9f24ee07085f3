import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { makePpoConfig } from '../../engine/rl/ppo-config';
import type { FeedbackView, LearningView, RolloutView } from '../../engine/rl/ppo-stats';
import { responseMask } from '../../engine/rl/sequences';
import { RESOURCES } from '../../i18n/resources';
import { narrateFeedback, narrateLearning, narrateRetrain, narrateSampling, narrateStages, type Sentence } from './narrate';

// A fixed batch: P = 2 prompt tokens, T = 4. Ids: 0 PAD, 1 EOS, 2 good, 3 bad, 4 the, 5 plot.
const vocab = ['<pad>', '<eos>', 'good', 'bad', 'the', 'plot'];
const P = 2, T = 4, S = P + T, B = 3;
const tokens = Int32Array.from([
  4, 5, 2, 1, 0, 0, // #0 "good <eos>"            length 2
  4, 5, 2, 2, 3, 1, // #1 "good good bad <eos>"   length 4
  4, 5, 3, 3, 3, 3, // #2 "bad bad bad bad"       no EOS, length 4
]);
const rollout: RolloutView = { B, T, S, P, tokens, ...responseMask(tokens, B, S, P) };
const f32 = (xs: number[]) => Float32Array.from(xs);

const feedback = (kl: number[]): FeedbackView => ({
  logprobs: f32(kl), refLogprobs: f32(kl.map(() => 0)), entropy: f32(kl.map(() => 0)), values: f32(kl.map(() => 0)),
  scores: f32([0.5, 2.25, -3]), kl: f32(kl), rewards: f32(kl.map(() => 0)), gold: f32([4, 1, -6]), diagnostics: {}, klCoef: 0.05, estimator: 'k1',
});
const klByToken = [0.1, 0.2, 0.7, 0.9, /* masked after EOS */ /* #1 */ 0.3, 1.5, 0.2, 0.1, /* #2 */ 0.4, 0.4, 0.4, 0.4];

const config = makePpoConfig({ clipEps: 0.2, epochs: 4, minibatches: 2 });
const learning = (clipped: number[], adv: number[], ve: number): LearningView => ({
  advantages: f32(adv), returns: f32(adv), advantagesWhite: f32(adv), deltas: f32(adv), ratio: f32(adv.map(() => 1)),
  clipped: Uint8Array.from(clipped), minibatches: [], stats: { 'val/var_explained': ve },
});

const byKey = (xs: Sentence[]) => Object.fromEntries(xs.map((s) => [s.key, s.vars]));

describe('narration after sampling', () => {
  it('names the longest and shortest answers, the mean length, distinct answers and the ones without EOS', () => {
    const s = byKey(narrateSampling(rollout, vocab, -1));
    expect(s['sample.count']).toEqual({ B: 3, mean: '3.3', distinct: 3 });
    expect(s['sample.longest']).toEqual({ b: 1, n: 4, text: 'good good bad <eos>' }); // first of the two longest
    expect(s['sample.shortest']).toEqual({ b: 0, n: 2, text: 'good <eos>' });
    expect(s['sample.noEos']).toEqual({ n: 1, B: 3, penalty: '−1.00' });
    expect(s['sample.allEos']).toBeUndefined();
  });
});

describe('narration after feedback', () => {
  it('names the answer the reward model liked most and least with its gold score, the mean KL and the largest-KL token', () => {
    const s = byKey(narrateFeedback(rollout, feedback(klByToken), vocab, true));
    expect(s['feedback.best']).toEqual({ b: 1, score: '2.25', gold: '1.00', text: 'good good bad <eos>' });
    expect(s['feedback.worst']).toEqual({ b: 2, score: '−3.00', gold: '−6.00', text: 'bad bad bad bad' });
    // Masked KL summed per answer: #0 0.3 (two real tokens), #1 2.1, #2 1.6 → mean 4.0 / 3.
    expect(s['feedback.kl']).toEqual({ kl: (4 / 3).toFixed(3), beta: '0.050', penalty: (0.05 * 4 / 3).toFixed(3) });
    expect(s['feedback.klMax']).toEqual({ b: 1, t: 1, token: 'good', kl: '1.500', times: Math.exp(1.5).toFixed(2) });
  });

  it('says why the KL is zero on the first rollout', () => {
    const s = byKey(narrateFeedback(rollout, feedback(klByToken.map(() => 0)), vocab, true));
    expect(Object.keys(s)).toContain('feedback.klZero');
    expect(s['feedback.kl']).toBeUndefined();
  });

  it('counts right, wrong and malformed answers when a checker scores them', () => {
    const fb = { ...feedback(klByToken), scores: f32([1, 0, -1]) };
    expect(byKey(narrateFeedback(rollout, fb, vocab, false))['feedback.checker']).toEqual({ right: 1, wrong: 1, malformed: 1, B: 3 });
  });
});

describe('narration after learning', () => {
  const adv = [0.5, -0.2, 0, 0, /* #1 */ 1.25, -1, 0.3, 0.1, /* #2 */ -0.5, 2, -0.1, 0.2];
  it('counts the clipped tokens by direction, names the strongest push and compares explained variance', () => {
    // #0 t=2 is masked (after EOS): its clip flag must not count.
    const clipped = [1, 1, 1, 0, /* #1 */ 1, 0, 0, 0, /* #2 */ 0, 0, 0, 1];
    const s = byKey(narrateLearning(rollout, learning(clipped, adv, 0.4), vocab, config, { 'val/var_explained': 0.1 }));
    expect(s['learn.updates']).toEqual({ K: 4, M: 2, n: 8 });
    expect(s['learn.clipped']).toEqual({ n: 4, total: 10, share: '40.0%', up: 3, down: 1, lo: '0.80', hi: '1.20' });
    expect(s['learn.push']).toEqual({ b: 2, t: 1, token: 'bad', adv: '2.00' });
    expect(s['learn.varExpBetter']).toEqual({ v: '0.40', before: '0.10' });
  });

  it('says when nothing was clipped, and when the value estimates got worse or there is nothing to compare with', () => {
    const none = byKey(narrateLearning(rollout, learning(adv.map(() => 0), adv, -0.2), vocab, config, { 'val/var_explained': 0.3 }));
    expect(none['learn.noneClipped']).toEqual({ lo: '0.80', hi: '1.20' });
    expect(none['learn.varExpWorse']).toEqual({ v: '−0.20', before: '0.30' });
    expect(byKey(narrateLearning(rollout, learning(adv.map(() => 0), adv, 0.5), vocab, config, null))['learn.varExp']).toEqual({ v: '0.50' });
  });

  it('says plainly that a negative explained variance is worse than guessing the returns’ mean', () => {
    const first = byKey(narrateLearning(rollout, learning(adv.map(() => 0), adv, -1.09), vocab, config, null));
    expect(first['learn.varExpNegative']).toEqual({ v: '−1.09' });
    expect(first['learn.varExp']).toBeUndefined();
    const later = byKey(narrateLearning(rollout, learning(adv.map(() => 0), adv, -0.5), vocab, config, { 'val/var_explained': -1.09 }));
    expect(later['learn.varExpBetter']).toEqual({ v: '−0.50', before: '−1.09' });
    expect(later['learn.varExpBelowMean']).toEqual({});
    const positive = byKey(narrateLearning(rollout, learning(adv.map(() => 0), adv, 0.2), vocab, config, { 'val/var_explained': -0.5 }));
    expect(positive['learn.varExpBelowMean']).toBeUndefined();
  });
});

describe('narration after SFT / reward-model training', () => {
  it('reports the loss curves and held-out accuracy', () => {
    const s = byKey(narrateStages({ sftLosses: [3, 2, 1.5], rmLosses: [0.69, 0.4], rmAccuracies: [0.5, 0.8], heldOutAccuracy: 0.8125 }));
    expect(s['stages.sft']).toEqual({ steps: 3, first: '3.00', last: '1.50' });
    expect(s['stages.rm']).toEqual({ steps: 2, first: '0.69', last: '0.40' });
    expect(s['stages.heldOut']).toEqual({ acc: '81.3%' });
  });

  it('calls a retrained reward model that lost held-out accuracy overfitted', () => {
    const result = { pairs: 6, heldOutBefore: 0.85, heldOutAccuracy: 0.5, curves: { sftLosses: [], rmLosses: [1, 0.1], rmAccuracies: [0.5, 1, 1, 1, 1, 1], heldOutAccuracy: 0.5 } };
    const s = byKey(narrateRetrain(result));
    expect(s['stages.retrain']).toEqual({ n: 6, train: '100.0%', after: '50.0%' });
    expect(s['stages.retrainBefore']).toEqual({ before: '85.0%', after: '50.0%' });
    expect(s['stages.overfit']).toEqual({ n: 6 });
    expect(byKey(narrateRetrain({ ...result, heldOutAccuracy: 0.84 }))['stages.overfit']).toBeUndefined();
  });
});

describe('narration texts', () => {
  it('exist in English and 中文 for every sentence, and use every variable the generator gives', async () => {
    const t = i18next.createInstance();
    await t.init({ resources: { en: { translation: RESOURCES.en }, zh: { translation: RESOURCES.zh } }, lng: 'en', interpolation: { escapeValue: false } });
    const all = [
      ...narrateSampling(rollout, vocab, -1), ...narrateSampling({ ...rollout, hasEos: Int32Array.from([1, 1, 1]) }, vocab, -1),
      ...narrateFeedback(rollout, feedback(klByToken), vocab, true), ...narrateFeedback(rollout, feedback(klByToken.map(() => 0)), vocab, false),
      ...narrateLearning(rollout, learning(klByToken.map(() => 1), klByToken, 0.2), vocab, config, { 'val/var_explained': 0.1 }),
      ...narrateLearning(rollout, learning(klByToken.map(() => 0), klByToken, 0.0), vocab, config, { 'val/var_explained': 0.1 }),
      ...narrateLearning(rollout, learning(klByToken.map(() => 0), klByToken, 0.0), vocab, config, null),
      ...narrateLearning(rollout, learning(klByToken.map(() => 0), klByToken, -1.09), vocab, config, null),
      ...narrateLearning(rollout, learning(klByToken.map(() => 0), klByToken, -0.5), vocab, config, { 'val/var_explained': -1.09 }),
      ...narrateStages({ sftLosses: [1], rmLosses: [1], rmAccuracies: [1], heldOutAccuracy: 1 }),
      ...narrateRetrain({ pairs: 6, heldOutBefore: 0.85, heldOutAccuracy: 0.5, curves: { sftLosses: [], rmLosses: [1], rmAccuracies: [1], heldOutAccuracy: 0.5 } }),
    ];
    for (const lng of ['en', 'zh']) {
      for (const s of all) {
        expect(t.exists(`narrate.${s.key}`, { lng }), `${lng}: narrate.${s.key}`).toBe(true);
        const text = t.t(`narrate.${s.key}`, { lng, ...s.vars });
        expect(text, `${lng}: narrate.${s.key} leaves a variable out`).not.toMatch(/\{\{/);
        for (const v of Object.keys(s.vars)) expect(t.getResource(lng, 'translation', `narrate.${s.key}`), `${lng}: ${s.key} uses {{${v}}}`).toContain(`{{${v}}}`);
      }
      // A negative explained variance is never read out as a share of the variance explained.
      const negative = t.t('narrate.learn.varExpNegative', { lng, v: '−1.09' });
      expect(negative).toContain('−1.09');
      expect(negative).not.toMatch(/explained −1\.09 of|解释了回报方差的 −1\.09/);
    }
  });
});
