import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getScenario, SCENARIOS } from '../data/scenarios';
import { ALGOS, type Algo } from '../rl/algo-config';
import { Rng } from '../tensor/rng';
import { STREAM } from '../tensor/streams';
import { DEFAULT_PPO, makePpoConfig, type PpoConfig } from '../rl/ppo-config';
import { trlExportFiles } from './export-trl';
import { TRAINER_OF, TRL_CLASSES, trlMapping } from './mapping';
import { trainScript, trainScriptSections } from './train-script';
import { configKeywords, python, writeFolder } from './python-check';
import trlFields from './trl-fields.json';

const fields = trlFields.classes as Record<string, { file: string; fields: string[] }>;
const inherited = [...fields._BaseConfig.fields, ...fields.TrainingArguments.fields];
const allowed = (cls: string) => new Set([...(fields[cls]?.fields ?? []), ...inherited]);

const history = [{ iteration: 0, 'objective/scores': 0.5, 'objective/gold_score': 1.25, 'objective/kl': 0.01 }];
const config = (algo: Algo, extra: Record<string, unknown> = {}) => makePpoConfig({ algo, batchSize: 16, ...extra });
/** One pair "labelled by the class" (any pair of the scenario's language). */
const classPairs = (id: string) => getScenario(id).preferencePairs(new Rng(9, STREAM.test), 1);
const exports = new Map<string, Record<string, string>>();
/** The export of a run (memoised: the data files take a moment to draw). */
function exportOf(scenarioId: string, c: PpoConfig): Record<string, string> {
  const key = JSON.stringify([scenarioId, c]);
  if (!exports.has(key)) exports.set(key, trlExportFiles({ scenario: getScenario(scenarioId), config: c, history, classPairs: classPairs(scenarioId) }));
  return exports.get(key)!;
}

describe('TRL export (issue #16)', () => {
  it('every setting of every algorithm is a TRL field or a comment saying why not', () => {
    for (const algo of ALGOS) {
      for (const c of [config(algo), config(algo, { klEstimator: 'k2', rewardClip: 3 })]) {
        const m = trlMapping(c);
        const covered = new Set([...m.fields.flatMap((f) => f.from), ...m.unmapped.map((u) => u.key)]);
        expect([...covered].sort(), algo).toEqual(Object.keys(DEFAULT_PPO).sort());
        const script = trainScript(trainScriptSections(getScenario('reviews'), c, {}));
        for (const u of m.unmapped) expect(script, `${algo}: ${u.key}`).toContain(`# ${u.key} = ${JSON.stringify(u.value)}:`);
      }
    }
  });

  it('the values are the run\'s, under TRL\'s names', () => {
    const ppo = Object.fromEntries(trlMapping(config('ppo', { klCoef: 0.07, clipEps: 0.15, lambda: 0.9, missingEosPenalty: -2, totalIterations: 30, minibatches: 4 })).fields.map((f) => [f.field, f.value]));
    expect(ppo).toMatchObject({ kl_coef: 0.07, cliprange: 0.15, lam: 0.9, missing_eos_penalty: 2, total_episodes: 30 * 16, per_device_train_batch_size: 4, num_mini_batches: 4, num_ppo_epochs: 4, response_length: 12 });
    const dapo = Object.fromEntries(trlMapping(config('dapo', { num_generations: 4 })).fields.map((f) => [f.field, f.value]));
    expect(dapo).toMatchObject({ loss_type: 'dapo', epsilon_high: 0.28, beta: 0, num_generations: 4, steps_per_generation: 2, num_iterations: 4, max_steps: 100 * 2 * 4 });
    const rloo = Object.fromEntries(trlMapping(config('rloo', { rewardClip: 3 })).fields.map((f) => [f.field, f.value]));
    expect(rloo).toMatchObject({ reward_clip_range: [-3, 3], beta: 0.05, num_generations: 4 });
    const dpo = Object.fromEntries(trlMapping(config('dpo', { loss_type: 'ipo' })).fields.map((f) => [f.field, f.value]));
    expect(dpo).toMatchObject({ beta: 0.5, loss_type: 'ipo', num_train_epochs: 4 });
    expect(trlMapping(config('ppo', { klEstimator: 'k2' })).fields.map((f) => f.field)).not.toContain('kl_estimator');
  });

  it('train.py, the notebook and the reward function compile, and every config key exists in TRL ' + trlFields.trl_version, () => {
    const runs = SCENARIOS.flatMap((scenario) => ALGOS.map((algo) => ({ scenario, algo, files: exportOf(scenario.id, config(algo)) })));
    const dirs = runs.map((r) => writeFolder(r.files));
    python(['-m', 'py_compile', ...dirs.flatMap((d) => [join(d, 'train.py'), join(d, 'data/gold_reward.py')])]);
    const keywords = configKeywords(runs.map((r) => r.files['train.py']));
    runs.forEach(({ scenario, algo, files }, i) => {
      const nb = JSON.parse(files['train.ipynb']) as { nbformat: number; cells: { cell_type: string; source: string[] }[] };
      expect(nb.nbformat).toBe(4);
      const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join('')).filter((s) => !s.startsWith('%pip')).join('\n\n');
      expect(code.replace(/\s+/g, ' ')).toBe(files['train.py'].replace(/^# %%.*$/gm, '').replace(/\s+/g, ' ').trim());
      const main = TRL_CLASSES[TRAINER_OF[algo]].config;
      expect(Object.keys(keywords[i]), `${scenario.id} ${algo}`).toContain(main);
      for (const [cls, keys] of Object.entries(keywords[i])) {
        const ok = allowed(cls);
        expect(fields[cls], `${cls} is in trl-fields.json`).toBeDefined();
        for (const k of keys) expect(ok.has(k), `${scenario.id} ${algo}: ${cls}.${k} exists in TRL ${trlFields.trl_version} (${fields[cls].file})`).toBe(true);
      }
    });
  });

  it('the data files are JSON Lines in TRL\'s formats, with the class\'s pairs', () => {
    for (const scenario of SCENARIOS) {
      const files = exportOf(scenario.id, config('dpo'));
      const rows = (name: string) => files[`data/${name}`].trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const shape = (name: string, keys: string[]) => {
        const r = rows(name);
        expect(r.length, name).toBeGreaterThan(0);
        for (const row of r) {
          expect(Object.keys(row).sort(), name).toEqual([...keys].sort());
          for (const k of keys) expect(typeof row[k], `${name}.${k}`).toBe('string');
          for (const k of keys.filter((x) => x !== 'prompt')) expect(row[k] as string, `${name}.${k} starts with a space`).toMatch(/^ \S/);
        }
        return r;
      };
      shape('prompts.jsonl', ['prompt']);
      shape('sft.jsonl', ['prompt', 'completion']);
      const pairs = shape('preferences.jsonl', ['prompt', 'chosen', 'rejected']);
      expect(pairs.length).toBe(Math.max(2048, 100 * 16)); // DPO: N · B pairs at least
      expect(pairs.filter((p) => p.chosen !== p.rejected).length / pairs.length).toBeGreaterThan(0.9);
      expect(shape('class_preferences.jsonl', ['prompt', 'chosen', 'rejected'])).toHaveLength(1);
    }
    const none = trlExportFiles({ scenario: getScenario('reviews'), config: config('ppo'), history: [], classPairs: [] });
    expect(none['data/class_preferences.jsonl']).toBe('');
  });

  it('the reviews export trains GRPO on the reward model and logs gold beside it; arithmetic trains on the checker', () => {
    const reviews = exportOf('reviews', config('grpo'))['train.py'];
    expect(reviews).toContain('reward_funcs=[out("reward"), gold_reward]');
    expect(reviews).toContain('reward_weights=[1, 0]');
    const arithmetic = exportOf('arithmetic', config('grpo'))['train.py'];
    expect(arithmetic).toContain('reward_funcs=[gold_reward]');
    expect(arithmetic).not.toContain('RewardTrainer(');
    expect(exportOf('arithmetic', config('ppo'))['train.py']).toContain('RewardTrainer('); // PPOTrainer needs a reward model
    expect(exportOf('reviews', config('dpo', { dpo_pairs: 'class' }))['train.py']).toContain('pairs = data("class_preferences.jsonl") if has_rows("class_preferences.jsonl")');
    expect(exportOf('reviews', config('dpo'))['train.py']).toContain('pairs = data("preferences.jsonl")');
  });

  it('the field list names its TRL version and files', () => {
    expect(trlFields.trl_version).toBe('1.10.0.dev0');
    expect(fields.PPOConfig.file).toBe('trl/experimental/ppo/ppo_config.py');
    expect(readFileSync(new URL('./trl-fields.json', import.meta.url), 'utf8')).toContain('scripts/trl-fields.mjs');
  });
});
