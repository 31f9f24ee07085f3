import { describe, expect, it } from 'vitest';
import { philox4x32, Rng, u32ToUnit } from './rng';

const hex = (a: Uint32Array) => [...a].map((x) => x.toString(16).padStart(8, '0')).join(' ');

describe('philox4x32-10', () => {
  // Known-answer vectors from Random123's kat_vectors (philox4x32 10 rounds).
  it('matches the published known answers', () => {
    expect(hex(philox4x32(0, 0, 0, 0, 0, 0))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
    const f = 0xffffffff;
    expect(hex(philox4x32(f, f, f, f, f, f))).toBe('408f276d 41c83b0e a20bc7c6 6d5451fd');
    expect(hex(philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0))).toBe('d16cfe09 94fdcceb 5001e420 24126ea1');
  });

  it('is reproducible from the seed and differs across streams', () => {
    const a = new Rng(42, 1), b = new Rng(42, 1), c = new Rng(42, 2);
    const xa = Array.from({ length: 10 }, () => a.nextU32());
    expect(Array.from({ length: 10 }, () => b.nextU32())).toEqual(xa);
    expect(Array.from({ length: 10 }, () => c.nextU32())).not.toEqual(xa);
  });

  it('gives uniforms in [0,1) with the right mean and normals with unit variance', () => {
    const r = new Rng(7);
    const n = 20000;
    const u = r.uniformArray(n);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const mean = u.reduce((s, x) => s + x, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const z = r.normalArray(n);
    const zm = z.reduce((s, x) => s + x, 0) / n;
    const zv = z.reduce((s, x) => s + (x - zm) ** 2, 0) / n;
    expect(Math.abs(zm)).toBeLessThan(0.03);
    expect(Math.abs(zv - 1)).toBeLessThan(0.05);
    expect(u32ToUnit(0xffffffff)).toBeLessThan(1);
  });

  it('rejects a bad seed', () => {
    expect(() => new Rng(-1)).toThrow(/seed/);
    expect(() => new Rng(1.5)).toThrow(/seed/);
  });
});
