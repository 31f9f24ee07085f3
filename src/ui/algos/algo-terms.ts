/**
 * Glossary entries of the algorithms beyond PPO and of PPO-ptx (docs/algorithms.md), in the
 * glossary's format (src/ui/glossary/terms.ts spreads them in); the words are in
 * src/i18n/algos.{en,zh}.ts under glossary.terms.<id> and glossary.stats.<key>.
 */
import type { Term } from '../glossary/terms';

export const ALGO_TERMS: readonly Term[] = [
  { id: 'algorithm', settings: ['algo'], see: ['ppo', 'grpo', 'rloo', 'reinforcePP', 'dpo'] },
  {
    id: 'groupBaseline',
    tex: String.raw`\underbrace{A_t = \delta_t + \gamma\lambda A_{t+1}}_{\text{critic (PPO)}} \qquad \underbrace{A_i = r_i - \bar r_{\text{group}}}_{\text{group baseline}}`,
    stats: ['reward', 'reward_std'], see: ['critic', 'grpo', 'rloo'],
  },
  { id: 'numGenerations', symbol: 'G', settings: ['num_generations'], trl: 'num_generations', see: ['groupBaseline'] },
  {
    id: 'grpo',
    tex: String.raw`A_i = \frac{r_i - \operatorname{mean}(r_1..r_G)}{\operatorname{std}(r_1..r_G) + 10^{-4}} \qquad \ell_t = -\min\big(\rho_t A_i,\ \operatorname{clip}(\rho_t, 1-\varepsilon, 1+\varepsilon_{\text{high}})A_i\big) + \beta\,k_3`,
    see: ['groupBaseline', 'scaleRewards', 'lossType', 'grpoKl'],
  },
  {
    id: 'scaleRewards', settings: ['scale_rewards'], trl: 'scale_rewards',
    tex: String.raw`\text{group: } \frac{r_i - \bar r}{\sigma_{\text{group}} + 10^{-4}} \quad \text{batch: } \frac{r_i - \bar r}{\sigma_{\text{batch}} + 10^{-4}} \quad \text{none: } r_i - \bar r`,
    see: ['grpo'],
  },
  {
    id: 'lossType', settings: ['loss_type'], trl: 'loss_type',
    tex: String.raw`\text{grpo: } \frac1B\sum_i \frac{1}{|y_i|}\sum_t \ell_{i,t} \quad \text{bnpo: } \frac{\sum_{i,t}\ell_{i,t}}{\sum_i |y_i|} \quad \text{dr\_grpo: } \frac{\sum_{i,t}\ell_{i,t}}{B\,T} \quad \text{dapo: } \frac{\sum_{i,t}\ell_{i,t}}{N_{\text{batch}}}`,
    see: ['grpo', 'dpo'],
  },
  {
    id: 'epsilonHigh', symbol: 'ε_high', settings: ['epsilon_high'], trl: 'epsilon_high',
    tex: String.raw`\operatorname{clip}(\rho, 1-\varepsilon, 1+\varepsilon_{\text{high}})`,
    stats: ['clip_ratio/low_mean', 'clip_ratio/high_mean', 'clip_ratio/region_mean'], see: ['clipEps', 'grpo'],
  },
  {
    id: 'grpoKl', tex: String.raw`\text{GRPO: } k_3 = e^{\,\ell_{\text{ref}} - \ell} - (\ell_{\text{ref}} - \ell) - 1 \ \text{(in the loss)} \qquad \text{RLOO: } r_i - \beta\sum_t (\ell_t - \ell_{\text{ref},t})`,
    stats: ['kl'], see: ['kl', 'klCoef'],
  },
  {
    id: 'zeroStdGroups', tex: String.raw`\operatorname{std}(r_1..r_G) = 0 \ \Rightarrow\ A_1 = \dots = A_G = 0`,
    stats: ['frac_reward_zero_std'], see: ['dynamicSampling'],
  },
  {
    id: 'dynamicSampling', settings: ['dynamic_sampling', 'max_num_gen_batches'],
    stats: ['sampling/dropped_groups', 'sampling/generation_batches'], see: ['zeroStdGroups', 'grpo'],
  },
  {
    id: 'rloo', settings: ['normalize_advantages'], trl: 'normalize_advantages',
    tex: String.raw`A_i = r_i - \frac{1}{G-1}\sum_{j \ne i} r_j, \qquad r_i = \text{score}_i - \beta\sum_t \log\frac{\pi_{\text{old}}}{\pi_{\text{ref}}} \qquad \rho_i = \frac{\pi_\theta(y_i)}{\pi_{\text{old}}(y_i)}`,
    see: ['groupBaseline', 'grpoKl'],
  },
  {
    id: 'reinforcePP', tex: String.raw`R_t = \sum_{k \ge t} r_k \ (\gamma = 1,\ \text{no critic}), \qquad A = \frac{R - \operatorname{mean}(R)}{\operatorname{std}(R)}`,
    see: ['klCoef', 'whitening', 'ppo'],
  },
  {
    id: 'dpo', settings: ['dpo_pairs'],
    tex: String.raw`\mathcal{L}_{\text{DPO}} = -\log\sigma\Big(\beta\big[(\log\pi_\theta(y_w) - \log\pi_{\text{ref}}(y_w)) - (\log\pi_\theta(y_l) - \log\pi_{\text{ref}}(y_l))\big]\Big) \qquad \mathcal{L}_{\text{IPO}} = \big(h' - \tfrac{1}{2\beta}\big)^2`,
    see: ['implicitReward', 'dpoAccuracy', 'rewardModel'],
  },
  {
    id: 'implicitReward', tex: String.raw`\hat r_\theta(x, y) = \beta\big(\log\pi_\theta(y \mid x) - \log\pi_{\text{ref}}(y \mid x)\big)`,
    stats: ['rewards/chosen', 'rewards/rejected', 'rewards/margins', 'logps/chosen', 'logps/rejected'], see: ['dpo'],
  },
  {
    id: 'dpoAccuracy', tex: String.raw`\operatorname{mean}\big(\mathbf{1}[\hat r_\theta(y_w) > \hat r_\theta(y_l)]\big)`,
    stats: ['rewards/accuracies', 'eval_rewards/accuracies', 'eval_rewards/margins', 'eval_loss'], see: ['implicitReward', 'heldOut'],
  },
  {
    id: 'ptx', symbol: 'γ_ptx', settings: ['ptxCoef', 'ptxBatchSize'],
    tex: String.raw`\mathcal{L}_{\text{actor}} = \mathcal{L}_{\text{RL}} + \gamma_{\text{ptx}}\cdot\Big(-\frac{1}{N}\sum_{t} \log \pi_\theta(y_t \mid y_{<t})\Big)_{\text{SFT batch}}`,
    stats: ['loss/ptx_avg'], see: ['sft', 'heldOutCe'],
  },
  {
    id: 'heldOutCe', tex: String.raw`\mathrm{CE} = -\frac{1}{N}\sum_{t} \log \pi_\theta(y_t \mid y_{<t})\ \text{on held-out SFT text}, \qquad \mathrm{ppl} = e^{\mathrm{CE}}`,
    stats: ['language/heldout_ce', 'language/heldout_ppl'], see: ['ptx', 'kl'],
  },
];
