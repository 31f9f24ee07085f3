import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { findLesson } from '../../lessons/registry';
import { useLessonStore } from '../../state/lesson-store';
import { useRunStore } from '../../state/run-store';
import type { ChartMark } from '../StatChart';

/** The lesson's markers on the charts, by chart id (e.g. where gold and reward-model score part). */
export function useLessonMarks(): Record<string, ChartMark[]> {
  const { t } = useTranslation();
  const id = useLessonStore((s) => s.id);
  const history = useRunStore((s) => s.history);
  return useMemo(() => {
    const lesson = id ? findLesson(id) : null;
    const marks: Record<string, ChartMark[]> = {};
    for (const m of lesson?.marks?.(history) ?? []) (marks[m.chart] ??= []).push({ x: m.x, label: t(`lessons.${lesson!.id}.marks.${m.id}`) });
    return marks;
  }, [id, history, t]);
}
