import type { RolloutView } from '../engine/rl/ppo-stats';
import { hovered } from '../state/view-store';

/**
 * The header cells of answer b in the per-token tables: the prompt in one cell, then one cell per
 * answer position (marked after the last real token, where the mask is 0). The position cells are
 * part of the table's keyboard grid (row r, column t).
 */
export function RowTokens({ rollout, b, vocab, r, tabIndexOf }: {
  rollout: RolloutView; b: number; vocab: readonly string[]; r: number; tabIndexOf: (r: number, c: number) => number;
}) {
  const { T, S, P, tokens, mask } = rollout;
  return (
    <>
      <th className="prompt-cell">{Array.from(tokens.subarray(b * S, b * S + P), (id) => vocab[id]).join(' ')}</th>
      {Array.from({ length: T }, (_, i) => (
        <th key={i} className={mask[b * T + i] > 0 ? '' : 'masked'} tabIndex={tabIndexOf(r, i)} data-r={r} data-c={i} data-b={b} data-t={i}
          onPointerEnter={(e) => hovered(e, b, i)}>
          {vocab[tokens[b * S + P + i]]}
        </th>
      ))}
    </>
  );
}
