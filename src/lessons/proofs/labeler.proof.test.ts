/**
 * The labeler lesson's claim on the session that serves the page (src/worker/session.ts, CPU
 * engine, shipped tiny checkpoints): a class labels the lesson's six pairs — honestly, by the gold
 * score — and the reward model retrains on them for the lesson's number of steps. It fits its six
 * pairs and loses held-out accuracy against the shipped model's: overfitting.
 */
import { describe, expect, it } from 'vitest';
import { lessonConfig } from '../../state/lesson-actions';
import { Session } from '../../worker/session';
import labeler, { LABEL_PAIRS, RETRAIN_STEPS } from '../labeler.lesson';
import { trainAccuracy } from '../measures';
import { verdict } from './follow';
import { serveShippedModels } from './shipped-fetch';

serveShippedModels();

describe('lesson "labeler": six labelled pairs, the reward model retrained on them', () => {
  it('fits its six pairs and loses held-out accuracy against the shipped reward model (overfitting)', async () => {
    const session = new Session(() => {});
    const { scenario, preset } = labeler.settings;
    const opened = await session.open({ scenario, preset, engine: 'cpu', ppo: lessonConfig(labeler), modelsUrl: 'http://models.invalid/models/', fallbackSteps: { sft: 1, rm: 1 } });
    expect(opened.source).toBe('checkpoint');
    const pairs = await session.labelPairs({ n: LABEL_PAIRS, round: 0 });
    expect(pairs).toHaveLength(LABEL_PAIRS);
    // A careful class: the answer with the higher gold score wins (a tie goes to A, as a coin would).
    const labelled = pairs.map((p) => (p.goldB > p.goldA ? { prompt: p.prompt, chosen: p.b, rejected: p.a } : { prompt: p.prompt, chosen: p.a, rejected: p.b }));
    const result = await session.retrainReward({ pairs: labelled, steps: RETRAIN_STEPS });
    // Both reward models judged on the same fresh pairs: the shipped one in use before, the retrained one after.
    const evidence = { history: [], retrain: { before: result.heldOutBefore, after: result.heldOutAccuracy, trainAccuracy: trainAccuracy(result.curves), pairs: result.pairs } };
    const r = verdict(labeler, 'overfits', evidence);
    console.log(`labeler (seed ${labeler.settings.seed}): held-out ${r.values.before.toFixed(3)} → ${r.values.after.toFixed(3)}, training accuracy ${r.values.trainAccuracy.toFixed(3)} on ${r.values.pairs} pairs`);
    expect(r.holds).toBe(true);
  }, 300_000);
});
