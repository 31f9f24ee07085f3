/** A lesson's settings as link parameters (the same keys as any link: scenario, preset, seed and hyperparameters). */
import type { Lesson } from './types';

export function lessonParams(lesson: Lesson): Map<string, string> {
  const s = lesson.settings;
  const out = new Map<string, string>([['scenario', s.scenario], ['preset', s.preset], ['seed', String(s.seed)]]);
  for (const [k, v] of Object.entries(s.config ?? {})) out.set(k, String(v));
  return out;
}
