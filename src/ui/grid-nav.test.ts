import { describe, expect, it } from 'vitest';
import { moveInGrid, type CellPos } from './grid-nav';

// Three answers of 4, 2 and 3 tokens (rows 0..2), columns 0.. (the answers' positions).
const cells: CellPos[] = [0, 1, 2, 3].map((c) => ({ r: 0, c })).concat([0, 1].map((c) => ({ r: 1, c })), [0, 1, 2].map((c) => ({ r: 2, c })));

describe('arrow keys in a token grid (roving tabindex, issue #11)', () => {
  it('left and right stay in the row and stop at its ends', () => {
    expect(moveInGrid(cells, { r: 0, c: 1 }, 'ArrowRight')).toEqual({ r: 0, c: 2 });
    expect(moveInGrid(cells, { r: 0, c: 3 }, 'ArrowRight')).toBeNull();
    expect(moveInGrid(cells, { r: 1, c: 0 }, 'ArrowLeft')).toBeNull();
  });

  it('up and down keep the column, or the nearest one in a shorter row', () => {
    expect(moveInGrid(cells, { r: 0, c: 1 }, 'ArrowDown')).toEqual({ r: 1, c: 1 });
    expect(moveInGrid(cells, { r: 0, c: 3 }, 'ArrowDown')).toEqual({ r: 1, c: 1 });
    expect(moveInGrid(cells, { r: 1, c: 1 }, 'ArrowUp')).toEqual({ r: 0, c: 1 });
    expect(moveInGrid(cells, { r: 2, c: 2 }, 'ArrowDown')).toBeNull();
  });

  it('skips rows without cells', () => {
    const gappy = cells.filter((x) => x.r !== 1);
    expect(moveInGrid(gappy, { r: 0, c: 2 }, 'ArrowDown')).toEqual({ r: 2, c: 2 });
  });

  it('Home / End go to the row ends; with Ctrl to the first and last cell', () => {
    expect(moveInGrid(cells, { r: 0, c: 2 }, 'Home')).toEqual({ r: 0, c: 0 });
    expect(moveInGrid(cells, { r: 0, c: 0 }, 'End')).toEqual({ r: 0, c: 3 });
    expect(moveInGrid(cells, { r: 1, c: 1 }, 'End', true)).toEqual({ r: 2, c: 2 });
    expect(moveInGrid(cells, { r: 2, c: 1 }, 'Home', true)).toEqual({ r: 0, c: 0 });
  });

  it('other keys do nothing', () => {
    expect(moveInGrid(cells, { r: 0, c: 0 }, 'a')).toBeNull();
  });
});
