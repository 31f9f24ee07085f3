/**
 * Arrow-key movement in a grid of cells where rows may have different lengths (answers of
 * different lengths, a prompt cell before the tokens): the WAI-ARIA grid pattern's keys.
 * Left/Right move within the row; Up/Down to the nearest row that has cells, keeping the column
 * as close as possible; Home/End to the row's ends, with Ctrl to the grid's first / last cell.
 */
export interface CellPos {
  r: number;
  c: number;
}

export function moveInGrid(cells: readonly CellPos[], from: CellPos, key: string, ctrl = false): CellPos | null {
  const row = (r: number) => cells.filter((x) => x.r === r).sort((a, b) => a.c - b.c);
  const here = row(from.r);
  switch (key) {
    case 'ArrowRight': return here.find((x) => x.c > from.c) ?? null;
    case 'ArrowLeft': return [...here].reverse().find((x) => x.c < from.c) ?? null;
    case 'Home': return ctrl ? firstOf(cells) : here[0] ?? null;
    case 'End': return ctrl ? lastOf(cells) : here[here.length - 1] ?? null;
    case 'ArrowDown':
    case 'ArrowUp': {
      const down = key === 'ArrowDown';
      const rows = [...new Set(cells.map((x) => x.r))].filter((r) => (down ? r > from.r : r < from.r));
      if (!rows.length) return null;
      const target = down ? Math.min(...rows) : Math.max(...rows);
      return row(target).reduce((best, x) => (Math.abs(x.c - from.c) < Math.abs(best.c - from.c) ? x : best));
    }
    default: return null;
  }
}

const firstOf = (cells: readonly CellPos[]) => cells.reduce<CellPos | null>((a, x) => (!a || x.r < a.r || (x.r === a.r && x.c < a.c) ? x : a), null);
const lastOf = (cells: readonly CellPos[]) => cells.reduce<CellPos | null>((a, x) => (!a || x.r > a.r || (x.r === a.r && x.c > a.c) ? x : a), null);
