import { describe, expect, it } from 'vitest';
import { EOS, PAD } from '../data/tokenizer';
import { packSequences, responseMask } from './sequences';

describe('packing sequences', () => {
  it('pads after EOS, targets only the answer (incl. EOS), finds the last real token', () => {
    const packed = packSequences([[5, 6], [7, 8]], [[9, EOS], [10, 11, 12]], 2, 3);
    expect(Array.from(packed.tokens)).toEqual([5, 6, 9, EOS, PAD, 7, 8, 10, 11, 12]);
    expect(Array.from(packed.targets)).toEqual([-1, 9, EOS, -1, -1, -1, 10, 11, 12, -1]);
    expect(Array.from(packed.lastIndex)).toEqual([3, 4]);
  });

  it('refuses wrong prompt or answer lengths', () => {
    expect(() => packSequences([[1, 2, 3]], [[EOS]], 2, 3)).toThrow(/prompt 0 has 3 tokens/);
    expect(() => packSequences([[1, 2]], [[4, 4, 4, EOS]], 2, 3)).toThrow(/more than T/);
  });

  it('masks responses up to and including EOS; no EOS → whole row, hasEos 0', () => {
    const P = 1, S = 5;
    const tokens = Int32Array.from([3, 4, EOS, PAD, PAD, /**/ 3, 4, 4, 4, 4, /**/ 3, EOS, PAD, PAD, PAD]);
    const m = responseMask(tokens, 3, S, P);
    expect(Array.from(m.mask)).toEqual([1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(Array.from(m.hasEos)).toEqual([1, 0, 1]);
    expect(Array.from(m.lastT)).toEqual([1, 3, 0]);
    expect(Array.from(m.length)).toEqual([2, 4, 1]);
  });
});
