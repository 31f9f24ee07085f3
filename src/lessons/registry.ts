/**
 * Every lesson, in picker order. Each lesson is one file `./<id>.lesson.ts` whose default export is
 * a Lesson (docs/lessons.md); they are collected here by the bundler, so adding a lesson means
 * adding a file (and its texts), not editing a list.
 */
import type { Lesson } from './types';

const modules = import.meta.glob<{ default: Lesson }>('./*.lesson.ts', { eager: true });

export const LESSONS: readonly Lesson[] = Object.values(modules)
  .map((m) => m.default)
  .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));

export function findLesson(id: string): Lesson | null {
  return LESSONS.find((l) => l.id === id) ?? null;
}
