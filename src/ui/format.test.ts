import { describe, expect, it } from 'vitest';
import { decimalsOf, fmt, pct, term, tickLabels } from './format';

describe('one number formatter (issue #11, defect 11)', () => {
  it('writes exponents one way, with the typographic minus in the sign and the exponent', () => {
    expect(fmt(1.17e-4)).toBe('1.17e−4');
    expect(fmt(-5.84e-5)).toBe('−5.84e−5'); // was "−5.84e-5": only the first hyphen was replaced
    expect(fmt(-123456)).toBe('−1.23e5');
    expect(fmt(2.5e7)).toBe('2.50e7');
  });

  it('no hyphen-minus anywhere, whatever the number', () => {
    for (const x of [-1, -0.5, -1e-9, -3.2e12, -0.0004, 0.0004, -7]) for (const d of [2, 3, 4]) expect(fmt(x, d)).not.toMatch(/-/);
    expect(pct(-0.123)).toBe('−12.3%');
  });

  it('values that round to zero read 0, not −0.000', () => {
    expect(fmt(-0.0004, 3)).toBe('−4.00e−4'); // tiny: shown, in scientific
    expect(fmt(-0.00004, 4)).toBe('−4.00e−5');
    expect(tickLabels([-0.0000000001, 0.1], 0.1)).toEqual(['0', '0.1']);
  });

  it('keeps the usual cases', () => {
    expect(fmt(0)).toBe('0.000');
    expect(fmt(-0.05, 4)).toBe('−0.0500');
    expect(fmt(NaN)).toBe('—');
    expect(fmt(-Infinity)).toBe('−∞');
    expect(term(-3.444)).toBe('(−3.444)');
    expect(term(2)).toBe('2.000');
  });

  it('tick labels carry as many decimals as the step needs', () => {
    expect(decimalsOf(0.25)).toBe(2);
    expect(decimalsOf(5)).toBe(0);
    expect(decimalsOf(0.001)).toBe(3);
    expect(tickLabels([0, 0.025, 0.05, 0.075], 0.025)).toEqual(['0', '0.025', '0.050', '0.075']);
    expect(tickLabels([-0.04, -0.02, 0, 0.02], 0.02)).toEqual(['−0.04', '−0.02', '0', '0.02']);
  });
});
