import type { Scenario } from '../data/scenario';
import { ALGO_LABEL } from '../rl/algo-config';
import type { PpoConfig } from '../rl/ppo-config';
import { datasetFiles, EXPORT_PROMPTS, EXPORT_SFT_EXAMPLES, preferencePairCount, type LabelledPair } from './datasets';
import { goldRewardPython } from './gold-python';
import { TRL_CLASSES, trlMapping } from './mapping';
import { notebook } from './notebook';
import { DEFAULT_HF_MODEL, trainScript, trainScriptSections, TRL_REQUIREMENT, type PlaygroundNumbers } from './train-script';
import trlFields from './trl-fields.json';

/**
 * "Continue in TRL" (issue #16; docs/trl-export.md): a run → the files of a folder (path → text):
 * train.py, train.ipynb, README.md, data/*.jsonl and data/gold_reward.py. Used by the page's
 * "Export to TRL" button (a zip) and by `npm run export-trl` / `npm run train -- --export-trl`.
 */
export interface TrlExportInput {
  scenario: Scenario;
  config: PpoConfig;
  /** The run's statistics, one row per iteration (the last row's numbers go into train.py and the README). */
  history: readonly Record<string, number>[];
  /** The pairs the class labelled on the page (may be empty). */
  classPairs: readonly LabelledPair[];
  /** The playground link that reopens the run, if known. */
  link?: string;
}

/** The statistics compared with TRL's, where the run has them. */
const COMPARED = ['objective/scores', 'objective/gold_score', 'objective/accuracy', 'objective/kl', 'objective/entropy', 'loss/policy_avg', 'rewards/accuracies', 'rewards/margins'];

export function playgroundNumbers(history: readonly Record<string, number>[]): PlaygroundNumbers {
  const last = history.at(-1);
  const out: PlaygroundNumbers = { iterations: history.length };
  if (last) for (const k of COMPARED) if (Number.isFinite(last[k])) out[k] = last[k];
  return out;
}

export function trlExportFiles(x: TrlExportInput): Record<string, string> {
  const { scenario, config } = x;
  const numbers = playgroundNumbers(x.history);
  const sections = trainScriptSections(scenario, config, numbers);
  const title = `${ALGO_LABEL[config.algo]} on "${scenario.title}", continued in TRL`;
  const files: Record<string, string> = {
    'train.py': trainScript(sections),
    'train.ipynb': notebook(title, sections),
    'README.md': readme(x, title, numbers),
    'data/gold_reward.py': goldRewardPython(scenario),
  };
  for (const [name, text] of Object.entries(datasetFiles(scenario, config.seed, dpoPairs(config), x.classPairs))) files[`data/${name}`] = text;
  return files;
}

/** DPO trains on the scenario's pairs: as many as the run drew (N iterations of B pairs). */
const dpoPairs = (c: PpoConfig) => (c.algo === 'dpo' ? c.totalIterations * c.batchSize : 0);

/** The folder's name: scenario, algorithm, seed. */
export const trlExportName = (scenario: Scenario, c: PpoConfig) => `trl-${scenario.id}-${c.algo}-seed${c.seed}`;

function readme(x: TrlExportInput, title: string, numbers: PlaygroundNumbers): string {
  const m = trlMapping(x.config);
  const cls = TRL_CLASSES[m.trainer];
  const rows = m.fields.map((f) => `| ${f.from.join(', ') || '—'} | \`${f.field}\` = \`${JSON.stringify(f.value)}\` | ${f.note ?? ''} |`);
  const unmapped = m.unmapped.map((u) => `| ${u.key} = \`${JSON.stringify(u.value)}\` | — | ${u.why} |`);
  const nums = Object.entries(numbers).map(([k, v]) => `| ${k} | ${v} |`);
  return `# ${title}

Exported by RLHF Playground${x.link ? ` ([reopen the run](${x.link}))` : ''}. Targets TRL ${trlFields.trl_version} (\`${cls.trainer}\` / \`${cls.config}\` from \`${cls.module}\`).

## Run it

\`\`\`
pip install "${TRL_REQUIREMENT}" datasets
python train.py                       # --model ${DEFAULT_HF_MODEL} by default; --model <any causal LM> to swap
\`\`\`

or open \`train.ipynb\` (the same steps, one cell each). \`train.py\` runs the playground's stages: SFT on
\`data/sft.jsonl\`, the reward model on \`data/preferences.jsonl\` plus the class's own pairs
(\`data/class_preferences.jsonl\`, ${x.classPairs.length} pairs) when the algorithm needs one, then ${cls.trainer}
with the run's settings, and finally samples 64 answers and scores them with the playground's gold scorer
(\`data/gold_reward.py\`).

## What to compare

The playground's tiny model learns a 50-word language from scratch; here a pretrained model learns the same
task, so compare **directions and orders of magnitude**, not digits: the gold score (TRL logs it as
\`rewards/gold_reward/mean\` for GRPO and RLOO; train.py prints \`trl/gold_mean\` at the end) should rise as the
playground's \`objective/gold_score\` did, the KL (\`objective/kl\` in PPO, \`kl\` in GRPO/RLOO) should stay of the
same size for the same β. Tokens differ: the playground has one token per word, GPT-2 splits some words.

The playground's run (last iteration):

| statistic | value |
| --- | --- |
${nums.join('\n')}

## Data

| file | format | rows |
| --- | --- | --- |
| data/prompts.jsonl | prompt-only \`{"prompt"}\` | ${EXPORT_PROMPTS} |
| data/sft.jsonl | prompt-completion \`{"prompt", "completion"}\` | ${EXPORT_SFT_EXAMPLES} |
| data/preferences.jsonl | preference \`{"prompt", "chosen", "rejected"}\`, the scenario's labeller | ${preferencePairCount(dpoPairs(x.config))} |
| data/class_preferences.jsonl | the same format, the pairs the class labelled | ${x.classPairs.length} |

## Settings

Every setting of the run, with its ${cls.config} field or the reason it has none:

| playground | TRL | note |
| --- | --- | --- |
${[...rows, ...unmapped].join('\n')}
`;
}
