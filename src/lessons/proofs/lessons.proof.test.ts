/**
 * Every lesson's claims, proven on the lesson's exact settings: the headless run follows the
 * lesson's steps on the CPU engine from the shipped checkpoints and each of its checks must hold.
 * A lesson added later (docs/lessons.md) is proven here without editing this file. One run cache
 * serves the whole file, so runs that lessons share (the KL lesson's β = 0 run is the reward-hacking
 * lesson's run) are paid for once. The engine's learning proofs for the reward-hacking and
 * arithmetic scenarios are these lessons' claims (they used to run similar settings a second time).
 */
import { describe, expect, it } from 'vitest';
import { flatten, RESOURCES } from '../../i18n/resources';
import { lessonConfig } from '../../state/lesson-actions';
import { HACKING_ITERATIONS } from '../reward-hacking.lesson';
import { lastMean, series } from '../measures';
import { findLesson, LESSONS } from '../registry';
import { followLesson, RunCache, verdict } from './follow';

const cache = new RunCache();
const english = flatten(RESOURCES.en);
/** The variables a check's sentence quotes (the same in both languages: keys.test.ts): each must be a value the check measured. */
const quoted = (key: string) => [...english.get(key)!.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
const show = (v: Record<string, number>) => Object.entries(v).map(([k, x]) => `${k} ${Number.isInteger(x) ? x : x.toFixed(3)}`).join(', ');
/** The labeler lesson retrains the reward model on the class's pairs: proven on the page's own session (labeler.proof.test.ts). */
const needsLabeler = (id: string) => findLesson(id)!.steps.some((s) => s.action?.kind === 'label' || s.action?.kind === 'retrain');

describe('lessons: each claim holds on the lesson’s exact settings', () => {
  for (const lesson of LESSONS.filter((l) => !needsLabeler(l.id) && l.checks.length > 0)) {
    it(`${lesson.id}: ${lesson.checks.map((c) => c.id).join(', ')}`, async () => {
      const evidence = await followLesson(lesson, cache);
      for (const check of lesson.checks) {
        const r = verdict(lesson, check.id, evidence);
        console.log(`${lesson.id} / ${check.id} (seed ${lesson.settings.seed}): ${show(r.values)} → ${r.holds ? 'holds' : 'FAILS'}`);
        expect(r.holds, `${lesson.id} / ${check.id}: ${show(r.values)}`).toBe(true);
        expect(quoted(`lessons.${lesson.id}.checks.${check.id}`).filter((v) => !(v in r.values))).toEqual([]);
      }
    }, 900_000);
  }
});

describe('reward hacking (engine proof, on the lesson’s run)', () => {
  // The old engine proof also bounded the default-β run's KL by 12 nats per answer at every
  // iteration; at the lessons' actor learning rate (1e-3) that run reached 13.1 on seed 2, so the
  // bound is not claimed here — the KL lesson's claim (β = 0 drifts ≥ 2× as far) is.
  it('β = 0 exploits the biased reward model: the bait spreads and the RM score rises', async () => {
    const free = await cache.history('reward-hacking', 'tiny', lessonConfig(findLesson('reward-hacking')!), HACKING_ITERATIONS);
    expect(lastMean(series(free, 'objective/scores')) - free[0]['objective/scores']).toBeGreaterThan(1);
    expect(lastMean(series(free, 'hack/bait_per_answer'))).toBeGreaterThan(2 * free[0]['hack/bait_per_answer']);
  }, 900_000);
});
