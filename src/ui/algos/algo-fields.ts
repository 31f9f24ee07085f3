import { isGrpoFamily, usesGroups } from '../../engine/rl/algo-config';
import type { PpoConfig } from '../../engine/rl/ppo-config';

/** A hyperparameter field (HyperParams' shape), shown only `when` it applies to the algorithm. */
export interface AlgoField {
  key: keyof PpoConfig;
  symbol: string;
  kind: 'number' | 'bool' | 'choice';
  choices?: string[];
  step?: string;
  when?: (c: PpoConfig) => boolean;
  choicesFor?: (c: PpoConfig) => string[];
}

/** PPO's critic knobs (value clip, γ, λ, whitening, critic learning rate) apply to PPO only. */
export const withCritic = (c: PpoConfig): boolean => c.algo === 'ppo';
/** The KL estimator of the reward is a choice for PPO and REINFORCE++ (GRPO's loss uses k3, RLOO's reward k1, as TRL). */
export const klInReward = (c: PpoConfig): boolean => c.algo === 'ppo' || c.algo === 'reinforce_pp';
/** The adaptive KL controller moves β where β weighs a KL in the reward: PPO, REINFORCE++, RLOO. */
export const adaptiveBeta = (c: PpoConfig): boolean => klInReward(c) || c.algo === 'rloo';

/** The knobs of the algorithms beyond PPO (TRL names) and of PPO-ptx, for the hyperparameters panel. */
export const ALGO_FIELD_GROUPS: { id: string; fields: AlgoField[]; when?: (c: PpoConfig) => boolean }[] = [
  {
    id: 'algo', when: (c) => c.algo !== 'ppo', fields: [
      { key: 'num_generations', symbol: 'G', kind: 'number', step: '1', when: (c) => usesGroups(c.algo) },
      { key: 'loss_type', symbol: '', kind: 'choice', when: (c) => isGrpoFamily(c.algo) || c.algo === 'dpo', choicesFor: (c) => (c.algo === 'dpo' ? ['sigmoid', 'ipo'] : ['grpo', 'bnpo', 'dr_grpo', 'dapo']) },
      { key: 'epsilon_high', symbol: 'ε_high', kind: 'number', step: '0.01', when: (c) => isGrpoFamily(c.algo) || c.algo === 'rloo' },
      { key: 'scale_rewards', symbol: '', kind: 'choice', choices: ['group', 'batch', 'none'], when: (c) => isGrpoFamily(c.algo) },
      { key: 'normalize_advantages', symbol: '', kind: 'bool', when: (c) => c.algo === 'rloo' },
      { key: 'dynamic_sampling', symbol: '', kind: 'bool', when: (c) => usesGroups(c.algo) },
      { key: 'max_num_gen_batches', symbol: '', kind: 'number', step: '1', when: (c) => usesGroups(c.algo) && c.dynamic_sampling },
      { key: 'dpo_pairs', symbol: '', kind: 'choice', choices: ['scenario', 'class'], when: (c) => c.algo === 'dpo' },
    ],
  },
  {
    id: 'ptx', fields: [
      { key: 'ptxCoef', symbol: 'γ_ptx', kind: 'number', step: '0.1' },
      { key: 'ptxBatchSize', symbol: '', kind: 'number', step: '1' },
    ],
  },
];
