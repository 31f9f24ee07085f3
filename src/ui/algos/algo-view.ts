import type { Algo } from '../../engine/rl/algo-config';

/** The per-token lines of the learning panel that mean something for each algorithm (no critic: no values or TD residuals). */
export function learningLinesOf(algo: Algo): readonly string[] {
  if (algo === 'ppo') return ['value', 'delta', 'adv', 'advWhite', 'ret', 'ratio'];
  if (algo === 'reinforce_pp') return ['ret', 'advWhite', 'ratio'];
  if (algo === 'dpo') return []; // DPO learns from preference pairs (the DPO panel), not from these answers
  return ['adv', 'ratio']; // GRPO family, RLOO: the answer's group advantage on each of its tokens
}
