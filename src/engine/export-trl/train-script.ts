import type { Scenario } from '../data/scenario';
import { ALGO_LABEL } from '../rl/algo-config';
import type { PpoConfig } from '../rl/ppo-config';
import { TRL_CLASSES, trlMapping, type TrlMapping } from './mapping';
import { comment, py, type PyValue } from './python';

/**
 * train.py of the TRL export (issue #16): the playground's stages in TRL — SFT, the reward model
 * (when the algorithm needs one), the run's algorithm with every setting mapped (mapping.ts), then
 * the gold score of the trained policy, to compare with the playground's. Written as `# %%`
 * sections so the notebook (notebook.ts) holds exactly the same steps.
 */
export const DEFAULT_HF_MODEL = 'distilbert/distilgpt2';
export const TRL_REQUIREMENT = 'trl>=1.10,<1.11';

export interface ScriptSection { title: string; code: string }

/** The numbers of the playground's run that train.py prints next to its own. */
export type PlaygroundNumbers = Record<string, number>;

const RUN_DIR: Record<TrlMapping['trainer'], string> = { PPO: 'ppo', GRPO: 'grpo', RLOO: 'rloo', DPO: 'dpo' };

function configCall(cls: string, m: TrlMapping, outDir: string, extra: [string, PyValue, string?][] = []): string {
  const lines = [`config = ${cls}(`, `    output_dir=out(${py(outDir)}),`, '    report_to="none",', '    logging_steps=1,'];
  for (const f of m.fields) {
    if (f.note) lines.push(comment(f.note, '    '));
    lines.push(`    ${f.field}=${py(f.value)},  # ${f.from.join(', ') || 'fixed'}`);
  }
  for (const [field, value, note] of extra) {
    if (note) lines.push(comment(note, '    '));
    lines.push(`    ${field}=${py(value)},`);
  }
  lines.push(')');
  lines.push('# Playground settings with no field in this TRL config:');
  for (const u of m.unmapped) lines.push(comment(`${u.key} = ${JSON.stringify(u.value)}: ${u.why}`));
  return lines.join('\n');
}

export function trainScriptSections(scenario: Scenario, c: PpoConfig, numbers: PlaygroundNumbers): ScriptSection[] {
  const m = trlMapping(c);
  const cls = TRL_CLASSES[m.trainer];
  const needsRewardModel = m.trainer === 'PPO' || (m.trainer !== 'DPO' && scenario.hasRewardModel);
  const runDir = RUN_DIR[m.trainer];
  const sections: ScriptSection[] = [];

  sections.push({
    title: 'Setup',
    code: `"""${ALGO_LABEL[c.algo]} on the playground's "${scenario.id}" scenario, continued in TRL (${cls.trainer}).

Exported by RLHF Playground. Run:  pip install "${TRL_REQUIREMENT}" datasets  then  python train.py
Steps: 1. SFT on data/sft.jsonl  2. ${needsRewardModel ? 'reward model on data/preferences.jsonl (+ the class\'s pairs)' : 'no reward model (see below)'}
3. ${cls.trainer}  4. the gold score of the trained policy, next to the playground's numbers.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()
sys.path.insert(0, os.path.join(HERE, "data"))

parser = argparse.ArgumentParser(description="Continue a playground run in TRL.")
parser.add_argument("--model", default=${py(DEFAULT_HF_MODEL)}, help="any causal LM on the Hugging Face Hub; swap in your own")
parser.add_argument("--output-dir", default="out", help="where the SFT, reward and policy models are saved")
parser.add_argument("--sft-epochs", type=float, default=1.0)
parser.add_argument("--reward-epochs", type=float, default=1.0)
args, _ = parser.parse_known_args()  # parse_known_args: a notebook kernel's own arguments are ignored

from datasets import concatenate_datasets, load_dataset
from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer
from trl import RewardConfig, RewardTrainer, SFTConfig, SFTTrainer
from ${cls.module} import ${cls.config}, ${cls.trainer}

from gold_reward import gold_reward

SEED = ${py(c.seed)}
# The playground's run, for comparison (its last iteration; names as in the playground's charts).
PLAYGROUND = ${JSON.stringify(numbers)}


def data(name):
    return load_dataset("json", data_files=os.path.join(HERE, "data", name), split="train")


def has_rows(name):
    return os.path.getsize(os.path.join(HERE, "data", name)) > 0


def out(name):
    return os.path.join(args.output_dir, name)


tokenizer = AutoTokenizer.from_pretrained(args.model)
if tokenizer.pad_token is None:
    tokenizer.pad_token = tokenizer.eos_token`,
  });

  sections.push({
    title: '1. Supervised fine-tuning (the playground\'s SFT stage)',
    code: `${comment('The playground trains its tiny models from scratch (lr 3e-3); a pretrained model is fine-tuned at TRL\'s default learning rate.')}
sft = SFTTrainer(
    model=args.model,
    args=SFTConfig(output_dir=out("sft"), num_train_epochs=args.sft_epochs, seed=SEED, report_to="none", logging_steps=10),
    train_dataset=data("sft.jsonl"),
    processing_class=tokenizer,
)
sft.train()
sft.save_model(out("sft"))
tokenizer.save_pretrained(out("sft"))`,
  });

  if (needsRewardModel) {
    const checkerNote = scenario.hasRewardModel ? '' : `\n${comment('This scenario scores with a checker, not a reward model, but PPOTrainer needs a reward model: it learns the checker from the checker\'s pairs.')}`;
    sections.push({
      title: '2. Reward model (the playground\'s reward-model stage)',
      code: `${checkerNote}
pairs = data("preferences.jsonl")
if has_rows("class_preferences.jsonl"):  # the pairs the class labelled on the page
    pairs = concatenate_datasets([pairs, data("class_preferences.jsonl")])
reward_model = AutoModelForSequenceClassification.from_pretrained(out("sft"), num_labels=1)
reward_model.config.pad_token_id = tokenizer.pad_token_id
rm = RewardTrainer(
    model=reward_model,
    args=RewardConfig(output_dir=out("reward"), num_train_epochs=args.reward_epochs, seed=SEED, report_to="none", logging_steps=10),
    train_dataset=pairs,
    processing_class=tokenizer,
)
rm.train()
rm.save_model(out("reward"))
tokenizer.save_pretrained(out("reward"))`.trimStart(),
    });
  }

  sections.push({ title: `3. ${ALGO_LABEL[c.algo]} (${cls.trainer})`, code: algorithmSection(m, cls.config, cls.trainer, runDir, scenario, c) });

  sections.push({
    title: '4. Compare with the playground',
    code: `policy = AutoModelForCausalLM.from_pretrained(out(${py(runDir)}))
tokenizer.padding_side = "left"
eval_prompts = data("prompts.jsonl")["prompt"][:64]
batch = tokenizer(eval_prompts, return_tensors="pt", padding=True)
generated = policy.generate(**batch, max_new_tokens=${py(c.maxResponseLength)}, do_sample=True, temperature=${py(c.temperature)}, pad_token_id=tokenizer.pad_token_id)
completions = tokenizer.batch_decode(generated[:, batch["input_ids"].shape[1]:], skip_special_tokens=True)
gold = gold_reward(completions, prompts=eval_prompts)
print(json.dumps({"trl/gold_mean": sum(gold) / len(gold), "examples": [p + c for p, c in zip(eval_prompts[:3], completions[:3])]}))
print(json.dumps({"playground": PLAYGROUND}))`,
  });
  return sections;
}

function algorithmSection(m: TrlMapping, config: string, trainer: string, runDir: string, scenario: Scenario, c: PpoConfig): string {
  const save = `trainer.train()\ntrainer.save_model(out(${py(runDir)}))\ntokenizer.save_pretrained(out(${py(runDir)}))`;
  if (m.trainer === 'PPO') {
    return `tokenizer.padding_side = "left"
${configCall(config, m, runDir)}
prompts = data("prompts.jsonl").map(lambda row: {"input_ids": tokenizer(row["prompt"])["input_ids"]}, remove_columns=["prompt"])
reward_model = AutoModelForSequenceClassification.from_pretrained(out("reward"), num_labels=1)
value_model = AutoModelForSequenceClassification.from_pretrained(out("reward"), num_labels=1)  # critic starts as the reward model
trainer = ${trainer}(
    args=config,
    processing_class=tokenizer,
    model=AutoModelForCausalLM.from_pretrained(out("sft")),
    ref_model=AutoModelForCausalLM.from_pretrained(out("sft")),
    reward_model=reward_model,
    value_model=value_model,
    train_dataset=prompts,
    eval_dataset=prompts.select(range(64)),
)
${save}`;
  }
  if (m.trainer === 'DPO') {
    const pairs = c.dpo_pairs === 'class'
      ? '# The class\'s own labels, as in the playground (dpo_pairs = "class"); the scenario\'s pairs if the class labelled none.\npairs = data("class_preferences.jsonl") if has_rows("class_preferences.jsonl") else data("preferences.jsonl")'
      : 'pairs = data("preferences.jsonl")  # the scenario\'s labeller, as in the playground (dpo_pairs = "scenario")';
    return `${configCall(config, m, runDir)}
${pairs}
trainer = ${trainer}(model=out("sft"), args=config, train_dataset=pairs, processing_class=tokenizer)
${save}`;
  }
  // GRPO / RLOO: the reward model's score trains; the gold scorer is logged beside it with weight 0
  // (TRL logs rewards/<function>/mean for every reward function), unless gold is itself the reward.
  const learned = scenario.hasRewardModel;
  const extra: [string, PyValue, string?][] = learned
    ? [['reward_weights', [1, 0], 'train on the reward model; gold_reward is only logged (rewards/gold_reward/mean), as the playground\'s gold score']]
    : [];
  const funcs = learned ? '[out("reward"), gold_reward]' : '[gold_reward]';
  return `tokenizer.padding_side = "left"
${configCall(config, m, runDir, extra)}
${learned ? '' : '# The checker is the reward, as in the playground (no reward model).\n'}trainer = ${trainer}(model=out("sft"), reward_funcs=${funcs}, args=config, train_dataset=data("prompts.jsonl"), processing_class=tokenizer)
${save}`;
}

/** train.py: the sections joined as `# %%` cells (VS Code / Jupytext cells; plain Python otherwise). */
export function trainScript(sections: ScriptSection[]): string {
  return sections.map((s) => `# %% ${s.title}\n${s.code}\n`).join('\n');
}
