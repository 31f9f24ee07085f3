import { describe, expect, it } from 'vitest';
import { parseStatsJson, statsCsv, statsJson } from './export';

describe('stats export', () => {
  const history = [{ iteration: 0, 'objective/kl': 0, 'objective/scores': 0.5 }, { iteration: 1, 'objective/kl': 0.01, 'objective/scores': 0.75 }];

  it('writes one CSV row per iteration under the TRL names, numbered as the page numbers them (from 1; issue #11, defect 11)', () => {
    expect(statsCsv(history)).toBe('iteration,objective/kl,objective/scores\n1,0,0.5\n2,0.01,0.75\n');
  });

  it('reads its own JSON back and refuses anything else with a reason', () => {
    const text = statsJson({ scenario: 'reviews', preset: 'micro', config: { seed: 3 } }, history);
    expect(parseStatsJson(text).history).toEqual(history);
    expect(() => parseStatsJson('{')).toThrow(/not JSON/);
    expect(() => parseStatsJson('{"format":"x"}')).toThrow(/not a stats file/);
    expect(() => parseStatsJson('{"format":"rlhf-playground-stats","scenario":"a","preset":"b","config":{},"history":[{"a":"x"}]}')).toThrow(/numeric/);
  });

  it('names the fields of a stats file it does not read', () => {
    const text = JSON.stringify({ format: 'rlhf-playground-stats', version: 1, scenario: 'reviews', preset: 'micro', config: {}, history, notes: 'x', extra: 1 });
    expect(parseStatsJson(text).ignored).toEqual(['notes', 'extra']);
    expect(parseStatsJson(statsJson({ scenario: 'reviews', preset: 'micro', config: {}, link: 'x', replay: null, engine: 'cpu' }, history)).ignored).toEqual([]);
  });
});

