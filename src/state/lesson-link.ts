import { lessonParams } from '../lessons/link';
import { findLesson, LESSONS } from '../lessons/registry';

/**
 * `lesson=<id>` in a link: the lesson's settings are the link's defaults, and any setting the link
 * names explicitly wins (a teacher's variation). An unknown lesson is reported and ignored.
 * Returns the lesson id, or null.
 */
/** The link's parameters as parseLink holds them (one value per key). */
export interface LinkParams {
  get(key: string): string | null | undefined;
  has(key: string): boolean;
  set(key: string, value: string): unknown;
}

export function lessonFromLink(q: LinkParams, problems: string[]): string | null {
  const id = q.get('lesson') ?? null;
  if (id === null) return null;
  const lesson = findLesson(id);
  if (!lesson) {
    problems.push(`lesson=${id} is not a lesson (known: ${LESSONS.map((l) => l.id).join(', ')}); ignored`);
    return null;
  }
  for (const [k, v] of lessonParams(lesson)) if (!q.has(k)) q.set(k, v);
  return id;
}

/**
 * The lesson's part of a link written for the current settings: `lesson=<id>` first, then only the
 * settings where the run differs from the lesson (so an unchanged lesson link stays short, and a
 * changed one reopens as changed). `current(key)` is the run's value of a setting, as link text.
 */
export function lessonLinkParams(q: URLSearchParams, id: string | null, current: (key: string) => string): URLSearchParams {
  const lesson = id === null ? null : findLesson(id);
  if (!lesson) return q;
  const out = new URLSearchParams([['lesson', lesson.id]]);
  const own = lessonParams(lesson);
  for (const [k, v] of q) if (!own.has(k)) out.set(k, v);
  for (const [k, v] of own) if (current(k) !== v) out.set(k, current(k));
  return out;
}
