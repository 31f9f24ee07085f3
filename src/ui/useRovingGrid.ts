import { useCallback, useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { moveInGrid, type CellPos } from './grid-nav';

const CELL = '[data-r][data-c]';
const posOf = (el: Element): CellPos => ({ r: Number(el.getAttribute('data-r')), c: Number(el.getAttribute('data-c')) });

/**
 * Roving tabindex for a grid of token cells (WAI-ARIA APG "grid"): the whole grid is one tab
 * stop — the last cell visited has tabIndex 0, every other cell −1 — and the arrow keys, Home and
 * End move inside it. Cells carry data-r / data-c; focusing a cell (keyboard, click or tap) calls
 * `onCell` with it, which is how Inspect follows the keyboard and touch, not only the mouse.
 */
export function useRovingGrid(onCell: (el: HTMLElement) => void) {
  const ref = useRef<HTMLElement | null>(null);
  const [active, setActive] = useState<CellPos>({ r: 0, c: 0 });
  const tabIndexOf = (r: number, c: number) => (r === active.r && c === active.c ? 0 : -1);

  // When the active cell is gone (fewer rows, a shorter answer), the grid keeps a tab stop: its first cell.
  useEffect(() => {
    const root = ref.current;
    if (!root || root.querySelector(`${CELL}[tabindex="0"]`)) return;
    const first = root.querySelector(CELL);
    if (first) setActive(posOf(first));
  });

  const onKeyDown = useCallback((e: KeyboardEvent<HTMLElement>) => {
    const root = ref.current;
    const cell = (e.target as HTMLElement).closest?.(CELL);
    if (!root || !cell || !root.contains(cell)) return;
    const cells = [...root.querySelectorAll<HTMLElement>(CELL)];
    const to = moveInGrid(cells.map(posOf), posOf(cell), e.key, e.ctrlKey || e.metaKey);
    if (!to) return;
    e.preventDefault();
    cells.find((x) => x.getAttribute('data-r') === String(to.r) && x.getAttribute('data-c') === String(to.c))?.focus();
  }, []);

  const onFocus = useCallback((e: FocusEvent<HTMLElement>) => {
    const cell = (e.target as HTMLElement).closest?.(CELL) as HTMLElement | null;
    if (!cell) return;
    // All of the cell in view (focus alone may leave it half behind the edge of a scrolling table).
    cell.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    setActive(posOf(cell));
    onCell(cell);
  }, [onCell]);

  return { ref, tabIndexOf, gridProps: { onKeyDown, onFocus } };
}
