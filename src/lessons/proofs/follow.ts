/**
 * Follows a lesson's steps headless, on the CPU engine from the shipped checkpoints (Node, tests
 * only): the same settings the lesson's link opens (lessonConfig), the same actions in the same
 * order, and the evidence its checks read. Runs are cached by settings and only ever extended, so
 * two lessons (or a lesson and the engine's learning proofs) that share a run pay for it once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CpuBackend } from '../../engine/backends/cpu-backend';
import { getScenario } from '../../engine/data/scenarios';
import type { PresetName } from '../../engine/model/config';
import { loadShipped } from '../../engine/pipeline/shipped';
import { createPpoRun } from '../../engine/pipeline/stages';
import type { PpoTrainer } from '../../engine/rl/ppo';
import { makePpoConfig, type PpoConfig } from '../../engine/rl/ppo-config';
import { lessonConfig } from '../../state/lesson-actions';
import type { Lesson, LessonEvidence, StatsRow } from '../types';

const fromDisk = async (p: string) => new Uint8Array(readFileSync(join('public', p)));

interface CachedRun {
  trainer: PpoTrainer<unknown, unknown>;
  history: StatsRow[];
}

/** PPO runs by (scenario, preset, config), extended on demand. */
export class RunCache {
  private readonly runs = new Map<string, Promise<CachedRun>>();

  /** The first n iterations' statistics of the run with these settings. */
  async history(scenario: string, preset: PresetName, config: PpoConfig, n: number): Promise<StatsRow[]> {
    const key = JSON.stringify([scenario, preset, config]);
    let entry = this.runs.get(key);
    if (!entry) {
      entry = (async () => {
        const sc = getScenario(scenario);
        const shipped = await loadShipped(sc, preset, fromDisk);
        const trainer = createPpoRun(new CpuBackend(), sc, shipped.sft.config, shipped.sft.params, shipped.reward?.params ?? null, config) as PpoTrainer<unknown, unknown>;
        return { trainer, history: [] };
      })();
      this.runs.set(key, entry);
    }
    const run = await entry;
    while (run.history.length < n) run.history.push((await run.trainer.step()).learning.stats);
    return run.history.slice(0, n);
  }
}

/**
 * The evidence a class following the lesson would produce: phase and run steps advance the run
 * (a learning phase completes an iteration), a compare step keeps the run's statistics and starts
 * afresh with its changes. Label / retrain steps are the labeler's and are proven on the session
 * that serves the page (labeler.proof.test.ts).
 */
export async function followLesson(lesson: Lesson, cache: RunCache): Promise<LessonEvidence> {
  const { scenario, preset } = lesson.settings;
  let config = lessonConfig(lesson);
  let iterations = 0;
  let compare: StatsRow[] | undefined;
  for (const step of lesson.steps) {
    const a = step.action;
    if (!a) continue;
    if (a.kind === 'phase' && a.phase === 'learn') iterations += 1;
    else if (a.kind === 'run') iterations = Math.max(iterations, a.iterations);
    else if (a.kind === 'compare') {
      compare = await cache.history(scenario, preset, config, iterations);
      config = makePpoConfig({ ...config, ...a.config });
      iterations = 0;
    }
  }
  return { history: await cache.history(scenario, preset, config, iterations), compare };
}

/** A check's result, or an error naming the lesson and check when it has no verdict. */
export function verdict(lesson: Lesson, id: string, evidence: LessonEvidence) {
  const check = lesson.checks.find((c) => c.id === id);
  if (!check) throw new Error(`${lesson.id} has no check "${id}"`);
  const r = check.evaluate(evidence);
  if (!r) throw new Error(`${lesson.id}/${id}: the lesson's steps do not produce the evidence its check needs`);
  return r;
}
