import { describe, expect, it } from 'vitest';
import { flatten, RESOURCES } from './resources';

// Both languages carry every string: a key missing in one would show the other language (or the key) on the page.
describe('English and 中文 strings', () => {
  const en = flatten(RESOURCES.en), zh = flatten(RESOURCES.zh);
  const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort().join(',');

  it('have the same keys', () => {
    expect([...zh.keys()].filter((k) => !en.has(k)), 'in 中文 only').toEqual([]);
    expect([...en.keys()].filter((k) => !zh.has(k)), 'in English only').toEqual([]);
    expect(en.size).toBeGreaterThan(100);
  });

  it('use the same interpolation variables in each string', () => {
    const differ = [...en].filter(([k, v]) => zh.has(k) && vars(v) !== vars(zh.get(k)!)).map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('have no empty strings', () => {
    expect([...en, ...zh].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });
});
