import { ArithmeticScenario, CORRECT, MALFORMED, WRONG } from '../data/arithmetic';
import { NEGATION_FACTOR, type ReviewLanguage } from '../data/review-language';
import type { Scenario } from '../data/scenario';
import { py } from './python';

/**
 * The scenario's gold scorer (or checker) as a Python reward function in TRL's form:
 * `gold_reward(completions, prompts=None, **kwargs) -> list[float]` over plain-text completions
 * (issue #16). The tables come from the TypeScript scorer itself (AFINN valences per word), and
 * gold-python.test.ts runs both on the same answers, so the two cannot drift apart.
 */
export function goldRewardPython(scenario: Scenario): string {
  const head = `"""The playground's gold scorer for the "${scenario.id}" scenario as a TRL reward function.

GRPOTrainer / RLOOTrainer call reward functions as f(prompts=..., completions=..., **kwargs) and
expect one float per completion. Plain-text completions (the standard, non-conversational format).
Exported by RLHF Playground; src/engine/export-trl/gold-python.ts writes it.
"""
`;
  if (scenario instanceof ArithmeticScenario) return head + arithmeticChecker();
  const language = (scenario as Scenario & { language?: ReviewLanguage }).language;
  if (!language) throw new Error(`TRL export: no Python gold scorer for scenario "${scenario.id}"`);
  return head + reviewScorer(language);
}

function reviewScorer(language: ReviewLanguage): string {
  const valences = language.tokenizer.vocab
    .map((w, id) => [w, language.valence[id]] as const)
    .filter(([, v]) => v !== 0)
    .map(([w, v]) => `    ${py(w)}: ${py(v)},`);
  return `
# AFINN-165 valence of every word of the playground's vocabulary that has one (the others score 0).
VALENCE = {
${valences.join('\n')}
}
NEGATION_FACTOR = ${py(NEGATION_FACTOR)}  # "not" multiplies the next sentiment word of its clause by this
CLAUSE_BREAKS = {".", "!", "and", "but"}


def gold_score(text):
    """Sum of the words' valences; "not" scales the next sentiment word of the same clause by -0.5
    ("not not" cancels; ".", "!", "and", "but" end the clause). Unknown words score 0."""
    score = 0.0
    negated = False
    for word in text.split():
        value = VALENCE.get(word, 0)
        if word == "not":
            negated = not negated
        elif word in CLAUSE_BREAKS:
            negated = False
        elif value != 0:
            score += value * NEGATION_FACTOR if negated else value
            negated = False
    return score


def gold_reward(completions, prompts=None, **kwargs):
    return [gold_score(c) for c in completions]
`;
}

function arithmeticChecker(): string {
  return `
CORRECT, WRONG, MALFORMED = ${py(CORRECT)}, ${py(WRONG)}, ${py(MALFORMED)}


def answer_of(prompt):
    """The true result of a prompt "a + b =" or "a - b =" (one-digit operands)."""
    a, op, b, _equals = prompt.split()
    return int(a) + int(b) if op == "+" else int(a) - int(b)


def check(prompt, completion):
    """Well-formed is exactly one number (then the end of the answer): right 1, wrong 0, anything else -1."""
    words = completion.split()
    if len(words) != 1 or not words[0].isdigit():
        return MALFORMED
    return CORRECT if int(words[0]) == answer_of(prompt) else WRONG


def gold_reward(completions, prompts=None, **kwargs):
    if prompts is None:
        raise ValueError("the arithmetic checker needs the prompts")
    return [float(check(p, c)) for p, c in zip(prompts, completions)]
`;
}
