/**
 * The glossary's one source: every term, statistic and setting the page shows, with its formula in
 * TeX (typeset by KaTeX) and which statistics (TRL names) and settings (link keys) it explains. The
 * words — name, body, friendly statistic and setting names — live in src/i18n/glossary.{en,zh}.ts
 * under the same ids; src/ui/glossary/terms.test.ts checks that nothing is missing in either language.
 * Formulas follow docs/conventions.md §3.
 */
import type { PpoConfig } from '../../engine/rl/ppo-config';
import { ALGO_TERMS } from '../algos/algo-terms';

export interface Term {
  id: string;
  /** The formula, TeX (KaTeX subset). */
  tex?: string;
  /** Its symbol in labels (β, ε, …). */
  symbol?: string;
  /** Statistics this term explains (TRL names). */
  stats?: readonly string[];
  /** Settings this term explains (PpoConfig keys, as in links and `npm run train -- --set`). */
  settings?: readonly (keyof PpoConfig)[];
  /** The setting's name in TRL's PPOConfig, when TRL has one. */
  trl?: string;
  /** Related entries. */
  see?: readonly string[];
}

export const TERMS: readonly Term[] = [
  // The pipeline and its models.
  { id: 'rlhf', see: ['sft', 'rewardModel', 'ppo'] },
  { id: 'sft', tex: String.raw`\mathcal{L}_{\text{SFT}} = -\frac{1}{N}\sum_{t} \log \pi_\theta(y_t \mid y_{<t})`, see: ['reference'] },
  { id: 'rewardModel', tex: String.raw`\mathcal{L}_{\text{RM}} = -\log \sigma\big(r_\phi(x, y_{\text{chosen}}) - r_\phi(x, y_{\text{rejected}})\big)`, see: ['score', 'heldOut', 'goldScore'] },
  { id: 'ppo', tex: String.raw`\max_\theta\; \mathbb{E}\big[\min(\rho_t \hat A_t,\ \operatorname{clip}(\rho_t, 1-\varepsilon, 1+\varepsilon)\hat A_t)\big]`, see: ['ratio', 'clipEps', 'advantage'] },
  { id: 'actor', tex: String.raw`\pi_\theta(a_t \mid s_t)`, see: ['reference', 'ppo'] },
  { id: 'critic', tex: String.raw`V_\psi(s_t) \approx \mathbb{E}\big[\textstyle\sum_{k \ge t} \gamma^{k-t} r_k\big]`, settings: ['criticInit'], see: ['advantage', 'valueLoss'] },
  { id: 'reference', tex: String.raw`\pi_{\text{ref}} = \pi_{\text{SFT}} \ \text{(frozen)}`, see: ['kl', 'sft'] },
  { id: 'goldScore', stats: ['objective/gold_score'], see: ['score', 'rewardHacking'] },
  { id: 'checker', tex: String.raw`\text{score} = \begin{cases} 1 & \text{right} \\ 0 & \text{wrong} \\ -1 & \text{malformed} \end{cases}`, stats: ['objective/accuracy', 'objective/malformed'] },
  { id: 'rewardHacking', stats: ['hack/bait_per_answer'], see: ['goldScore', 'klCoef'] },
  { id: 'heldOut', tex: String.raw`\text{acc} = \frac{1}{n}\sum_i \mathbf{1}\big[r_\phi(y^i_{\text{chosen}}) > r_\phi(y^i_{\text{rejected}})\big]`, see: ['rewardModel'] },
  // Sampling.
  { id: 'token', see: ['eos'] },
  { id: 'temperature', symbol: 'τ', tex: String.raw`p(a \mid s) = \operatorname{softmax}(z / \tau)_a`, settings: ['temperature'], trl: 'temperature' },
  { id: 'logprob', tex: String.raw`\log \pi_\theta(a_t \mid s_t) = \log \operatorname{softmax}(z_{t-1}/\tau)_{a_t}` },
  { id: 'eos', stats: ['val/num_eos_tokens', 'response/eos_rate'], settings: ['missingEosPenalty'], trl: 'missing_eos_penalty', see: ['score'] },
  { id: 'answerLength', stats: ['response/length_mean'], settings: ['maxResponseLength'], symbol: 'T', trl: 'response_length' },
  { id: 'batchSize', symbol: 'B', settings: ['batchSize'], trl: 'batch_size' },
  { id: 'seed', settings: ['seed'], trl: 'seed' },
  // Feedback.
  { id: 'score', stats: ['objective/scores'], settings: ['rewardClip'], symbol: 'c', tex: String.raw`\operatorname{clip}(r_\phi(x, y), -c, c)`, see: ['rewardModel', 'eos'] },
  {
    id: 'kl', stats: ['objective/kl'], settings: ['klEstimator'], trl: 'kl_estimator',
    tex: String.raw`k_1 = \log\frac{\pi_\theta}{\pi_{\text{ref}}} \qquad k_2 = \tfrac12\Big(\log\frac{\pi_\theta}{\pi_{\text{ref}}}\Big)^2 \qquad k_3 = (r - 1) - \log r,\ \ r = \frac{\pi_{\text{ref}}}{\pi_\theta}`,
    see: ['klCoef', 'reference'],
  },
  { id: 'klCoef', symbol: 'β', stats: ['objective/kl_coef'], settings: ['klCoef'], trl: 'kl_coef', tex: String.raw`r_t = -\beta\,\mathrm{KL}_t + [t = \text{last}]\cdot\operatorname{clip}(\text{score}, -c, c)`, see: ['kl', 'adaptiveKl'] },
  { id: 'adaptiveKl', settings: ['adaptiveKl', 'klTarget', 'klHorizon'], tex: String.raw`\beta \leftarrow \beta\Big(1 + \operatorname{clip}\Big(\frac{\mathrm{KL}}{\mathrm{KL}^{*}} - 1, -0.2, 0.2\Big)\frac{n}{H}\Big)`, see: ['klCoef'] },
  { id: 'reward', tex: String.raw`r_t = -\beta\,\mathrm{KL}_t + [t = \text{last}]\cdot\operatorname{clip}(\text{score}, -c, c)`, see: ['klCoef', 'score', 'gae'] },
  { id: 'nonScoreReward', stats: ['objective/non_score_reward'], tex: String.raw`-\beta \sum_t \mathrm{KL}_t` },
  { id: 'rlhfReward', stats: ['objective/rlhf_reward'], tex: String.raw`\text{score} - \beta \sum_t \mathrm{KL}_t` },
  { id: 'entropy', stats: ['objective/entropy', 'policy/entropy_avg'], tex: String.raw`H = -\sum_a \pi_\theta(a \mid s)\log \pi_\theta(a \mid s)` },
  // Learning.
  { id: 'tdResidual', tex: String.raw`\delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)` },
  { id: 'gae', tex: String.raw`\hat A_t = \delta_t + \gamma\lambda \hat A_{t+1}`, see: ['gamma', 'lambda', 'advantage'] },
  { id: 'gamma', symbol: 'γ', settings: ['gamma'], trl: 'gamma', tex: String.raw`R_t = \sum_{k \ge t} \gamma^{k-t} r_k` },
  { id: 'lambda', symbol: 'λ', settings: ['lambda'], trl: 'lam', tex: String.raw`\hat A_t = \sum_{k \ge 0} (\gamma\lambda)^k \delta_{t+k}` },
  { id: 'advantage', tex: String.raw`A_t = \delta_t + \gamma\lambda A_{t+1}`, see: ['gae', 'whitening'] },
  { id: 'return', tex: String.raw`R_t = A_t + V(s_t)`, see: ['valueLoss'] },
  { id: 'whitening', settings: ['whitenAdvantages'], tex: String.raw`\hat A = \frac{A - \operatorname{mean}(A)}{\sqrt{\operatorname{var}(A) + 10^{-8}}}` },
  { id: 'ratio', stats: ['val/ratio', 'val/ratio_var'], tex: String.raw`\rho_t = \exp\big(\log \pi_{\text{new}}(a_t) - \log \pi_{\text{old}}(a_t)\big)` },
  { id: 'clipEps', symbol: 'ε', settings: ['clipEps'], trl: 'cliprange', tex: String.raw`L_\pi = \operatorname{mean}\big(\max(-\hat A\rho,\ -\hat A\operatorname{clip}(\rho, 1-\varepsilon, 1+\varepsilon))\big)` },
  { id: 'clipFraction', stats: ['policy/clipfrac_avg'], tex: String.raw`\operatorname{mean}\big(\mathbf{1}[\,-\hat A_t\operatorname{clip}(\rho_t, 1-\varepsilon, 1+\varepsilon) > -\hat A_t\rho_t\,]\big)` },
  { id: 'valueClip', symbol: 'εᵥ', stats: ['val/clipfrac_avg'], settings: ['valueClipEps'], trl: 'cliprange_value', tex: String.raw`V_c = \operatorname{clip}(V, V_{\text{old}} - \varepsilon_v, V_{\text{old}} + \varepsilon_v)` },
  { id: 'policyLoss', stats: ['loss/policy_avg'], tex: String.raw`L_\pi = \operatorname{mean}\big(\max(-\hat A\rho,\ -\hat A\operatorname{clip}(\rho, 1-\varepsilon, 1+\varepsilon))\big)` },
  { id: 'valueLoss', stats: ['loss/value_avg'], tex: String.raw`L_V = \tfrac12\operatorname{mean}\big(\max((V - R)^2, (V_c - R)^2)\big)` },
  { id: 'approxKl', stats: ['policy/approxkl_avg'], tex: String.raw`\tfrac12\operatorname{mean}\big((\log \pi_{\text{new}} - \log \pi_{\text{old}})^2\big)` },
  { id: 'explainedVariance', stats: ['val/var_explained'], tex: String.raw`1 - \frac{\operatorname{Var}[R - V]}{\operatorname{Var}[R]}` },
  { id: 'epochs', symbol: 'K', settings: ['epochs'], trl: 'num_ppo_epochs' },
  { id: 'minibatches', symbol: 'M', settings: ['minibatches'], trl: 'num_mini_batches' },
  { id: 'learningRate', symbol: 'η', settings: ['actorLr', 'criticLr', 'lrSchedule', 'totalIterations'], trl: 'learning_rate', tex: String.raw`\theta \leftarrow \theta - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon}` },
  { id: 'gradNorm', stats: ['grad/actor_norm_avg', 'grad/critic_norm_avg'], settings: ['maxGradNorm'], trl: 'max_grad_norm', tex: String.raw`g \leftarrow g\cdot\min\Big(1, \frac{\lVert g\rVert_{\max}}{\lVert g\rVert}\Big)` },
  // Beyond PPO (GRPO, RLOO, REINFORCE++, DPO) and PPO-ptx.
  ...ALGO_TERMS,
];

/** The entry of each per-token tensor the panels and Inspect show, by the panels' row keys. */
export const TENSOR_TERMS: Readonly<Record<string, string>> = {
  mask: 'eos', logprob: 'logprob', ref: 'reference', k1: 'kl', k2: 'kl', k3: 'kl', kl: 'kl', entropy: 'entropy', reward: 'reward',
  value: 'critic', score: 'score', gold: 'goldScore', delta: 'tdResidual', adv: 'advantage', advWhite: 'whitening', ret: 'return',
  ratio: 'ratio', clipped: 'clipFraction',
};

const byId = new Map(TERMS.map((t) => [t.id, t]));
const byStat = new Map(TERMS.flatMap((t) => (t.stats ?? []).map((s) => [s, t] as const)));
const bySetting = new Map(TERMS.flatMap((t) => (t.settings ?? []).map((s) => [s as string, t] as const)));

export const termById = (id: string): Term | null => byId.get(id) ?? null;
/** The entry explaining a statistic (TRL name), or null. */
export const termOfStat = (key: string): Term | null => byStat.get(key) ?? null;
/** The entry explaining a setting (PpoConfig key), or null. */
export const termOfSetting = (key: string): Term | null => bySetting.get(key) ?? null;
