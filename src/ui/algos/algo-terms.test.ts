import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../engine/backends/cpu-backend';
import { getScenario } from '../../engine/data/scenarios';
import { Gpt } from '../../engine/model/gpt';
import { createPpoRun, modelConfigFor } from '../../engine/pipeline/stages';
import { ALGOS } from '../../engine/rl/algo-config';
import { makePpoConfig } from '../../engine/rl/ppo-config';
import { RESOURCES } from '../../i18n/resources';
import { termOfSetting, termOfStat } from '../glossary/terms';

const t = i18next.createInstance();
await t.init({ resources: { en: { translation: RESOURCES.en }, zh: { translation: RESOURCES.zh } }, lng: 'en', interpolation: { escapeValue: false } });

describe('glossary: the algorithms beyond PPO', () => {
  it('every statistic of every algorithm (with PTX on, DAPO sampling dynamically) has an entry and a name in both languages', async () => {
    const sc = getScenario('reviews'), config = modelConfigFor(sc, 'micro');
    const lm = new Gpt(new CpuBackend(), config, 'lm'), rm = new Gpt(new CpuBackend(), config, 'reward');
    lm.init(1);
    rm.init(2);
    const keys = new Set<string>();
    for (const algo of ALGOS) {
      const run = createPpoRun(new CpuBackend(), sc, config, lm.params, rm.params, makePpoConfig({ algo, batchSize: 8, minibatches: 2, epochs: 1, num_generations: 4, ptxCoef: 0.1, ptxBatchSize: 2, maxResponseLength: sc.maxResponseLength }));
      for (const k of Object.keys((await run.step()).learning.stats)) keys.add(k);
    }
    keys.delete('iteration');
    for (const k of ['frac_reward_zero_std', 'rewards/accuracies', 'eval_rewards/accuracies', 'loss/ptx_avg', 'sampling/dropped_groups']) expect(keys.has(k), k).toBe(true);
    for (const k of keys) {
      expect(termOfStat(k), `statistic ${k} has no glossary entry`).not.toBeNull();
      for (const lng of ['en', 'zh']) expect(t.exists(`glossary.stats.${k}`, { lng }), `${lng}: no name for ${k}`).toBe(true);
    }
  });

  it('every new setting has an entry and a field name in both languages; critic vs group baseline is explained', () => {
    for (const k of ['algo', 'num_generations', 'loss_type', 'epsilon_high', 'scale_rewards', 'normalize_advantages', 'dynamic_sampling', 'max_num_gen_batches', 'dpo_pairs', 'ptxCoef', 'ptxBatchSize']) {
      expect(termOfSetting(k), k).not.toBeNull();
      for (const lng of ['en', 'zh']) expect(t.exists(`hp.f.${k}`, { lng }), `${lng}: hp.f.${k}`).toBe(true);
    }
    expect(t.t('glossary.terms.groupBaseline.name')).toBe('Critic vs group baseline');
  });
});
