import type { RolloutView } from '../engine/rl/ppo-stats';

/**
 * The header cells of answer b in the per-token tables: the prompt in one cell, then one cell per
 * answer position (greyed after the last real token, where the mask is 0).
 */
export function RowTokens({ rollout, b, vocab }: { rollout: RolloutView; b: number; vocab: readonly string[] }) {
  const { T, S, P, tokens, mask } = rollout;
  return (
    <>
      <th className="muted">{Array.from(tokens.subarray(b * S, b * S + P), (id) => vocab[id]).join(' ')}</th>
      {Array.from({ length: T }, (_, i) => (
        <th key={i} className={mask[b * T + i] > 0 ? '' : 'masked'}>{vocab[tokens[b * S + P + i]]}</th>
      ))}
    </>
  );
}
