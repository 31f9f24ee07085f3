import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { findLesson } from '../../lessons/registry';
import { useLessonStore } from '../../state/lesson-store';
import { useRunStore } from '../../state/run-store';
import { settingValue } from '../glossary/labels';
import type { ChartMark, ChartRun } from '../StatChart';

/** "β = 0" for the changes a lesson made. */
const changeName = (change: Record<string, unknown>, t: (k: string) => string) =>
  Object.entries(change).map(([k, v]) => settingValue(k, v, t as never)).join(', ');

/**
 * What a lesson adds to the charts: the run it kept for comparison (drawn beside this run, each
 * named by its setting) and its markers (e.g. where gold and reward-model score part).
 */
export function useLessonCharts(): { currentName: string | null; runs: ChartRun[]; marks: Record<string, ChartMark[]> } {
  const { t } = useTranslation();
  const id = useLessonStore((s) => s.id);
  const kept = useLessonStore((s) => s.kept);
  const history = useRunStore((s) => s.history);
  return useMemo(() => {
    const lesson = id ? findLesson(id) : null;
    const marks: Record<string, ChartMark[]> = {};
    for (const m of lesson?.marks?.(history) ?? []) (marks[m.chart] ??= []).push({ x: m.x, label: t(`lessons.${lesson!.id}.marks.${m.id}`) });
    if (!kept) return { currentName: null, runs: [], marks };
    return {
      currentName: changeName(kept.after, t),
      runs: [{ id: 'kept', name: t('lessons.ui.kept', { change: changeName(kept.before, t) }), history: kept.history }],
      marks,
    };
  }, [id, kept, history, t]);
}
