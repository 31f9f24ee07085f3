import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../engine/data/scenarios';
import { flatten, RESOURCES } from '../../i18n/resources';
import { SCENARIO_CARD_PARTS } from './ScenarioCard';

const text = { en: flatten(RESOURCES.en), zh: flatten(RESOURCES.zh) };

describe('scenario cards', () => {
  it('every scenario says what the models write, what the reward and the gold scorer are and what it shows, in English and 中文', () => {
    for (const sc of SCENARIOS) {
      for (const lng of ['en', 'zh'] as const) {
        for (const part of SCENARIO_CARD_PARTS) {
          const s = text[lng].get(`scenarioCard.${sc.id}.${part}`);
          expect(s, `${lng}: scenarioCard.${sc.id}.${part}`).toBeTypeOf('string');
          expect(s!.trim(), `${lng}: scenarioCard.${sc.id}.${part} is empty`).not.toBe('');
          if (lng === 'zh') expect(s, `scenarioCard.${sc.id}.${part} is not translated`).not.toBe(text.en.get(`scenarioCard.${sc.id}.${part}`));
        }
        expect(text[lng].get(`scenarioCard.${SCENARIO_CARD_PARTS[0]}`), `${lng}: the card's headings`).toBeTypeOf('string');
      }
    }
  });

  it('states the arithmetic checker’s rule (1 right, 0 wrong, −1 malformed) and why a hidden gold scorer exists', () => {
    for (const lng of ['en', 'zh'] as const) {
      const rule = text[lng].get('scenarioCard.arithmetic.reward')!;
      for (const n of ['1', '0', '−1']) expect(rule, `${lng}: the checker's ${n}`).toContain(n);
    }
    expect(text.en.get('scenarioCard.reviews.gold')).toMatch(/no gold/i);
    expect(text.zh.get('scenarioCard.reviews.gold')).toMatch(/看不到真实分/);
  });
});
