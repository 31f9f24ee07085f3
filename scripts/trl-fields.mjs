// Refreshes src/engine/export-trl/trl-fields.json: the field names of the TRL config classes the
// TRL export writes (docs/trl-export.md, "Refreshing the field list"). Reads a git checkout of TRL:
//   node scripts/trl-fields.mjs [<trl git dir>]   (default: /work/.mirror/huggingface+trl/repo)
// The fields TRL inherits from transformers.TrainingArguments are not in TRL's sources; the few the
// export writes are listed by hand below (transformers' src/transformers/training_args.py).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const repo = process.argv[2] ?? '/work/.mirror/huggingface+trl/repo';
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });

const CLASSES = {
  _BaseConfig: 'trl/trainer/base_config.py',
  SFTConfig: 'trl/trainer/sft_config.py',
  RewardConfig: 'trl/trainer/reward_config.py',
  PPOConfig: 'trl/experimental/ppo/ppo_config.py',
  GRPOConfig: 'trl/trainer/grpo_config.py',
  RLOOConfig: 'trl/trainer/rloo_config.py',
  DPOConfig: 'trl/trainer/dpo_config.py',
};

const TRAINING_ARGUMENTS = [
  'output_dir', 'learning_rate', 'max_grad_norm', 'lr_scheduler_type', 'seed', 'per_device_train_batch_size',
  'gradient_accumulation_steps', 'num_train_epochs', 'max_steps', 'logging_steps', 'report_to', 'save_strategy',
];

/** Dataclass fields declared in the class body: four-space indented `name: type = field(` or `= value`. */
function fieldsOf(source) {
  const out = [];
  for (const m of source.matchAll(/^ {4}([a-z_][a-z0-9_]*): [^=\n]+=/gm)) if (!out.includes(m[1])) out.push(m[1]);
  return out.sort();
}

const version = git('show', 'HEAD:VERSION').trim();
const commit = git('rev-parse', 'HEAD').trim();
const classes = {};
for (const [name, file] of Object.entries(CLASSES)) classes[name] = { file, fields: fieldsOf(git('show', `HEAD:${file}`)) };
classes.TrainingArguments = { file: 'transformers: src/transformers/training_args.py (listed by hand in scripts/trl-fields.mjs)', fields: TRAINING_ARGUMENTS.slice().sort() };
const out = { trl_version: version, trl_commit: commit, generated_by: 'node scripts/trl-fields.mjs', classes };
writeFileSync(new URL('../src/engine/export-trl/trl-fields.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`TRL ${version} (${commit.slice(0, 9)}): ${Object.entries(classes).map(([k, v]) => `${k} ${v.fields.length}`).join(', ')}`);
