import i18next from 'i18next';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/backends/cpu-backend';
import { SCENARIOS } from '../../engine/data/scenarios';
import { Gpt } from '../../engine/model/gpt';
import { createPpoRun, modelConfigFor } from '../../engine/pipeline/stages';
import { DEFAULT_PPO, makePpoConfig } from '../../engine/rl/ppo-config';
import { RESOURCES } from '../../i18n/resources';
import { settingLabel, settingValue, statLabel } from './labels';
import { PHASE_TEX } from './phase-formulas';
import { TENSOR_TERMS, TERMS, termById, termOfSetting, termOfStat } from './terms';

const t = i18next.createInstance();
await t.init({ resources: { en: { translation: RESOURCES.en }, zh: { translation: RESOURCES.zh } }, lng: 'en', interpolation: { escapeValue: false } });

/** Every statistic a PPO iteration reports on each scenario (tiny random models: the keys, not the numbers, matter). */
async function statKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const sc of SCENARIOS) {
    const config = modelConfigFor(sc, 'micro');
    const sft = new Gpt(new CpuBackend(), config, 'lm');
    sft.init(1);
    const rm = new Gpt(new CpuBackend(), config, 'reward');
    rm.init(2);
    const run = createPpoRun(new CpuBackend(), sc, config, sft.params, sc.hasRewardModel ? rm.params : null,
      makePpoConfig({ batchSize: 4, minibatches: 2, epochs: 1, maxResponseLength: sc.maxResponseLength }));
    for (const k of Object.keys((await run.step()).learning.stats)) keys.add(k);
  }
  keys.delete('iteration');
  return keys;
}

describe('glossary', () => {
  it('explains every statistic a run reports, with a friendly name in both languages', async () => {
    const keys = await statKeys();
    expect(keys.size).toBeGreaterThan(20);
    for (const k of keys) {
      expect(termOfStat(k), `statistic ${k} has no glossary entry`).not.toBeNull();
      for (const lng of ['en', 'zh']) expect(t.exists(`glossary.stats.${k}`, { lng }), `${lng}: no name for ${k}`).toBe(true);
    }
  });

  it('explains every setting (hyperparameter) of the run', () => {
    for (const k of Object.keys(DEFAULT_PPO)) expect(termOfSetting(k), `setting ${k} has no glossary entry`).not.toBeNull();
  });

  it('has a name and an explanation for every entry in both languages, and links only to entries that exist', () => {
    for (const term of TERMS) {
      for (const lng of ['en', 'zh']) {
        expect(t.exists(`glossary.terms.${term.id}.name`, { lng }), `${lng}: ${term.id}.name`).toBe(true);
        expect(t.exists(`glossary.terms.${term.id}.body`, { lng }), `${lng}: ${term.id}.body`).toBe(true);
      }
      for (const s of term.see ?? []) expect(termById(s), `${term.id} sees ${s}`).not.toBeNull();
    }
    for (const [row, id] of Object.entries(TENSOR_TERMS)) expect(termById(id), `tensor row ${row}`).not.toBeNull();
    expect(new Set(TERMS.map((x) => x.id)).size).toBe(TERMS.length);
  });

  it('covers the terms the issue lists', () => {
    const needed = ['actor', 'critic', 'reference', 'rewardModel', 'goldScore', 'kl', 'klCoef', 'adaptiveKl', 'gae', 'gamma', 'lambda', 'advantage', 'return',
      'whitening', 'ratio', 'clipEps', 'valueClip', 'clipFraction', 'approxKl', 'entropy', 'explainedVariance', 'eos', 'temperature', 'epochs', 'minibatches'];
    expect(needed.filter((id) => !termById(id))).toEqual([]);
  });

  it('typesets every formula, the glossary’s and the phases’ (KaTeX accepts each one)', () => {
    for (const term of TERMS) if (term.tex) expect(() => katex.renderToString(term.tex!, { throwOnError: true }), term.id).not.toThrow();
    for (const tex of Object.values(PHASE_TEX).flat()) expect(() => katex.renderToString(tex, { throwOnError: true }), tex).not.toThrow();
  });

  it('labels: the friendly name first, the key second', async () => {
    expect(statLabel('objective/scores', t.t)).toBe('Reward-model score · objective/scores');
    expect(settingLabel('clipEps', t.t)).toBe('policy clip · clipEps');
    expect(settingValue('klCoef', 0, t.t)).toBe('β = 0');
    expect(settingValue('actorLr', 0.01, t.t)).toBe('actor learning rate = 0.01');
    expect(statLabel('made/up', t.t)).toBe('made/up');
    await t.changeLanguage('zh');
    expect(statLabel('objective/scores', t.t)).toBe('奖励模型分数 · objective/scores');
    await t.changeLanguage('en');
  });
});
