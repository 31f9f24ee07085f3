/**
 * The DPO lesson's claims on the session that serves the page (src/worker/session.ts, CPU engine,
 * shipped tiny checkpoints): an honest class labels the lesson's pairs (the higher gold score wins),
 * DPO trains on exactly those pairs for the lesson's iterations.
 */
import { describe, expect, it } from 'vitest';
import { lessonConfig } from '../../state/lesson-actions';
import { Session } from '../../worker/session';
import lesson, { CLASS_PAIRS, DPO_ITERATIONS } from '../dpo-class-labels.lesson';
import { verdict } from './follow';
import { serveShippedModels } from './shipped-fetch';

serveShippedModels();

describe('lesson "dpo-class-labels": DPO on the class’s labelled pairs', () => {
  it('fits the class’s pairs; held-out pairs of the scenario’s labeller lag far behind', async () => {
    const session = new Session(() => {});
    const { scenario, preset } = lesson.settings;
    await session.open({ scenario, preset, engine: 'cpu', ppo: lessonConfig(lesson), modelsUrl: 'http://models.invalid/models/', fallbackSteps: { sft: 1, rm: 1 } });
    const pairs = await session.labelPairs({ n: CLASS_PAIRS, round: 0 });
    const labelled = pairs.map((p) => (p.goldB > p.goldA ? { prompt: p.prompt, chosen: p.b, rejected: p.a } : { prompt: p.prompt, chosen: p.a, rejected: p.b }));
    expect(session.setClassPairs(labelled).count).toBe(CLASS_PAIRS);
    const history: Record<string, number>[] = [];
    for (let i = 0; i < DPO_ITERATIONS; i++) {
      await session.sample(false);
      const f = await session.feedback();
      expect(f.dpo!.source).toBe('class');
      history.push((await session.learn(false)).view.stats);
    }
    for (const check of lesson.checks) {
      const r = verdict(lesson, check.id, { history });
      console.log(`dpo-class-labels / ${check.id} (seed ${lesson.settings.seed}): ${Object.entries(r.values).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')} → ${r.holds ? 'holds' : 'FAILS'}`);
      expect(r.holds, check.id).toBe(true);
    }
  }, 900_000);
});
