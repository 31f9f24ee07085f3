import { useCallback, type CSSProperties, type ReactNode } from 'react';
import type { RolloutView } from '../engine/rl/ppo-stats';
import { cellInspected, hovered } from '../state/view-store';
import { RowTokens } from './RowTokens';
import { ScrollBox } from './ScrollBox';
import { useRovingGrid } from './useRovingGrid';
import { Term } from './glossary/Term';
import { TENSOR_TERMS } from './glossary/terms';

/** One line of a token table: a label and, per answer position, what its cell shows. */
export interface TokenLine {
  kind: string;
  label: string;
  cell: (b: number, t: number) => { content: ReactNode; className?: string; style?: CSSProperties; title?: string; data?: Record<string, string | number | undefined> };
}

/**
 * The per-token tables of the feedback and learning panels: per answer, its tokens as a header row
 * and one row per tensor. The table is one tab stop with arrow keys inside (useRovingGrid); the
 * cell under the pointer, the keyboard focus or a tap is what Inspect shows. It scrolls inside its
 * card (ScrollBox) with a visible cue when the answers are wider than the card.
 */
export function TokenTable({ rollout, n, vocab, lines, rowHead, testid, label }: {
  rollout: RolloutView; n: number; vocab: readonly string[]; lines: TokenLine[];
  rowHead: (b: number) => ReactNode; testid: 'fb' | 'ln'; label: string;
}) {
  const { T } = rollout;
  const rowsPer = lines.length + 1;
  const onCell = useCallback((el: HTMLElement) => cellInspected({ b: Number(el.dataset.b), t: Number(el.dataset.t) }), []);
  const { ref, tabIndexOf, gridProps } = useRovingGrid(onCell);
  return (
    <ScrollBox label={label} testid={`${testid}-scroll`}>
      <table className={`heat heat-${testid}`} role="grid" aria-label={label} data-testid={testid === 'fb' ? 'feedback-table' : 'learning-table'}
        ref={(el) => { ref.current = el; }} {...gridProps}>
        {Array.from({ length: n }, (_, b) => (
          <tbody key={b} data-testid={`${testid}-row`} data-b={b} data-last-t={rollout.lastT[b]} data-has-eos={rollout.hasEos[b]}>
            <tr className="tokens">
              <th scope="row" rowSpan={rowsPer} className="row-head">{rowHead(b)}</th>
              <RowTokens rollout={rollout} b={b} vocab={vocab} r={b * rowsPer} tabIndexOf={tabIndexOf} />
            </tr>
            {lines.map((line, li) => (
              <tr key={line.kind} className={`line-${line.kind}`}>
                <th scope="row" className="line-label"><Term id={TENSOR_TERMS[line.kind]} focusable={false}>{line.label}</Term></th>
                {Array.from({ length: T }, (_, i) => {
                  const c = line.cell(b, i);
                  const r = b * rowsPer + li + 1;
                  return (
                    <td key={i} className={c.className} style={c.style} title={c.title} tabIndex={tabIndexOf(r, i)}
                      data-r={r} data-c={i} data-testid={`${testid}-cell`} data-kind={line.kind} data-b={b} data-t={i} {...dataAttrs(c.data)}
                      onPointerEnter={(e) => hovered(e, b, i)}>
                      {c.content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </ScrollBox>
  );
}

const dataAttrs = (d?: Record<string, string | number | undefined>) =>
  Object.fromEntries(Object.entries(d ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [`data-${k}`, v]));
