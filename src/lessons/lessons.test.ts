import i18next from 'i18next';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../engine/data/scenarios';
import { shippedPath } from '../engine/pipeline/shipped';
import { RESOURCES } from '../i18n/resources';
import { lessonConfig } from '../state/lesson-actions';
import { lessonFromLink, lessonLinkParams } from '../state/lesson-link';
import { linkFor, parseLink } from '../state/url';
import { findLesson, LESSONS } from './registry';

const t = i18next.createInstance();
await t.init({ resources: { en: { translation: RESOURCES.en }, zh: { translation: RESOURCES.zh } }, lng: 'en' });
const has = (key: string) => ['en', 'zh'].every((lng) => t.exists(key, { lng }));

describe('lessons (data)', () => {
  it('has at least the seven lessons of the issue, with unique ids, in picker order', () => {
    const ids = LESSONS.map((l) => l.id);
    for (const id of ['first-look', 'kl-penalty', 'reward-hacking', 'whitening-clipping', 'learning-rate', 'verifiable-rewards', 'labeler']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(LESSONS.map((l) => l.order)).toEqual([...LESSONS.map((l) => l.order)].sort((a, b) => a - b));
  });

  for (const lesson of LESSONS) {
    it(`${lesson.id}: valid settings on shipped checkpoints, every text in English and 中文, 2–3 questions`, () => {
      expect(() => lessonConfig(lesson)).not.toThrow();
      const sc = getScenario(lesson.settings.scenario);
      expect(existsSync(`public/${shippedPath(sc.id, lesson.settings.preset, 'sft.ckpt')}`), 'shipped SFT checkpoint').toBe(true);
      for (const k of ['title', 'summary', 'goal', 'watch', 'closing']) expect(has(`lessons.${lesson.id}.${k}`), `${lesson.id}.${k}`).toBe(true);
      expect(lesson.questions).toBeGreaterThanOrEqual(2);
      expect(lesson.questions).toBeLessThanOrEqual(3);
      for (let q = 1; q <= lesson.questions; q++) expect(has(`lessons.${lesson.id}.questions.q${q}`), `q${q}`).toBe(true);
      expect(lesson.steps.length).toBeGreaterThan(0);
      expect(new Set(lesson.steps.map((s) => s.id)).size).toBe(lesson.steps.length);
      for (const s of lesson.steps) expect(has(`lessons.${lesson.id}.steps.${s.id}`), `step ${s.id}`).toBe(true);
      for (const c of lesson.checks) expect(has(`lessons.${lesson.id}.checks.${c.id}`), `check ${c.id}`).toBe(true);
      // A compare step keeps a run: one must have run before it.
      lesson.steps.forEach((s, i) => {
        if (s.action?.kind === 'compare') expect(lesson.steps.slice(0, i).some((p) => p.action?.kind === 'run' || p.action?.kind === 'phase'), `${s.id} compares nothing`).toBe(true);
      });
    });
  }

  it('reward hacking marks the iteration where the (smoothed) gold score peaks, on the scores chart', () => {
    const gold = [0, 1, 2, 4, 5, 6, 5.5, 3, 1, 0, 0]; // peak at index 5 → iteration 6
    const rows = gold.map((g, i) => ({ 'objective/gold_score': g, 'objective/scores': i }));
    expect(findLesson('reward-hacking')!.marks!(rows)).toEqual([{ chart: 'scores', x: 6, id: 'parting' }]);
    expect(findLesson('reward-hacking')!.marks!(rows.slice(0, 4))).toEqual([]);
  });

  it('every chart marker a lesson draws has its text', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ 'objective/gold_score': Math.sin(i / 5), 'objective/scores': i }));
    for (const lesson of LESSONS) for (const m of lesson.marks?.(rows) ?? []) expect(has(`lessons.${lesson.id}.marks.${m.id}`), `${lesson.id} mark ${m.id}`).toBe(true);
  });
});

describe('lesson=<id> in a link', () => {
  it('opens the lesson’s exact settings; settings named in the link win', () => {
    const rh = findLesson('reward-hacking')!;
    const { settings, problems } = parseLink('?lesson=reward-hacking');
    expect(problems).toEqual([]);
    expect(settings.lesson).toBe('reward-hacking');
    expect(settings.scenario).toBe(rh.settings.scenario);
    expect(settings.config).toEqual(lessonConfig(rh));
    const varied = parseLink('?lesson=reward-hacking&preset=micro&batchSize=16&klCoef=0.1').settings;
    expect([varied.preset, varied.config.batchSize, varied.config.klCoef, varied.config.actorLr]).toEqual(['micro', 16, 0.1, rh.settings.config!.actorLr]);
  });

  it('writes back a short link for the lesson as it is, and the changes when the run differs', () => {
    const { settings } = parseLink('?lesson=reward-hacking');
    expect(linkFor(settings)).toBe('?lesson=reward-hacking');
    const changed = { ...settings, preset: 'micro' as const, config: { ...settings.config, klCoef: 0.05 } };
    const back = parseLink(linkFor(changed)).settings;
    expect([back.lesson, back.preset, back.config.klCoef, back.config.actorLr]).toEqual(['reward-hacking', 'micro', 0.05, settings.config.actorLr]);
    expect(linkFor({ ...settings, lang: 'zh' })).toBe('?lesson=reward-hacking&lang=zh');
  });

  it('reports an unknown lesson and opens the defaults', () => {
    const { settings, problems } = parseLink('?lesson=nope&seed=3');
    expect(settings.lesson).toBeNull();
    expect(settings.config.seed).toBe(3);
    expect(problems.join()).toMatch(/lesson=nope is not a lesson \(known: first-look, /);
    expect(lessonFromLink(new URLSearchParams(''), [])).toBeNull();
    expect(lessonLinkParams(new URLSearchParams('seed=1'), null, () => '').toString()).toBe('seed=1');
  });
});
