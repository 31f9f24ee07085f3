import { useTranslation } from 'react-i18next';
import { LESSONS } from '../../lessons/registry';
import { lessonChosen } from '../../state/lesson-actions';
import { useLessonStore } from '../../state/lesson-store';
import { selectCanStep, useRunStore } from '../../state/run-store';

/** Picks a lesson: its settings open as a fresh run, and lesson=<id> goes into the link. */
export function LessonPicker() {
  const { t } = useTranslation();
  const id = useLessonStore((s) => s.id);
  const acting = useLessonStore((s) => s.acting);
  const canStep = useRunStore(selectCanStep);
  return (
    <label className="lesson-picker" data-tour="lessons">
      {t('lessons.ui.picker')}
      <select value={id ?? ''} disabled={!canStep || acting} onChange={(e) => void lessonChosen(e.target.value || null)} data-testid="lesson-select">
        <option value="">{t('lessons.ui.none')}</option>
        {LESSONS.map((l) => <option key={l.id} value={l.id}>{t(`lessons.${l.id}.title`)}</option>)}
      </select>
    </label>
  );
}
