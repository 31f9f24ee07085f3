import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PpoConfig } from '../../engine/rl/ppo-config';
import type { Lesson, LessonAction, LessonEvidence } from '../../lessons/types';
import { actStopped, lessonChosen, lessonConfig, stepActed, stepMoved } from '../../state/lesson-actions';
import { useLessonStore } from '../../state/lesson-store';
import { selectCanStep, useRunStore } from '../../state/run-store';
import { fmt, pct } from '../format';
import { settingValue } from '../glossary/labels';
import { scrollToPanel } from '../story/scroll';
import { useLessonEvidence } from './evidence';
import './lessons.css';

/** A check's numbers as its sentence quotes them: percentages, whole numbers as they are, the rest through the page's formatter. */
const shown = (values: Record<string, number>, percent: readonly string[] = []) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, percent.includes(k) ? pct(v) : Number.isInteger(v) ? String(v) : fmt(v, 2)]));

/** Where this run's settings differ from what the lesson (and its compare steps so far) set. */
function useDifferences(lesson: Lesson): string[] {
  const { t } = useTranslation();
  const scenario = useRunStore((s) => s.scenario);
  const preset = useRunStore((s) => s.preset);
  const config = useRunStore((s) => s.pendingConfig ?? s.config);
  const kept = useLessonStore((s) => s.kept);
  const expected: PpoConfig = { ...lessonConfig(lesson), ...(kept?.after ?? {}) } as PpoConfig;
  const out: string[] = [];
  const lessonHas = (v: unknown) => t('lessons.ui.lessonValue', { value: String(v) });
  if (scenario !== lesson.settings.scenario) out.push(`${t('top.scenario')}: ${t(`scenario.${scenario}.title`)} ${lessonHas(t(`scenario.${lesson.settings.scenario}.title`))}`);
  if (preset !== lesson.settings.preset) out.push(`${t('top.preset')}: ${preset} ${lessonHas(lesson.settings.preset)}`);
  for (const k of Object.keys(expected) as (keyof PpoConfig)[]) {
    if (config[k] !== expected[k]) out.push(`${settingValue(k, config[k], t)} ${lessonHas(expected[k])}`);
  }
  return out;
}

function actionLabel(a: LessonAction, t: (k: string, o?: Record<string, unknown>) => string): string {
  switch (a.kind) {
    case 'phase': return t('lessons.ui.action.phase', { phase: t(`phase.${a.phase}`) });
    case 'run': return t('lessons.ui.action.run', { n: a.iterations });
    case 'compare': return t('lessons.ui.action.compare', { change: Object.entries(a.config).map(([k, v]) => settingValue(k, v, t as never)).join(', ') });
    case 'label': return t('lessons.ui.action.label', { n: a.pairs });
    case 'retrain': return t('lessons.ui.action.retrain', { steps: a.steps });
  }
}

function Checks({ lesson, evidence }: { lesson: Lesson; evidence: LessonEvidence }) {
  const { t } = useTranslation();
  return (
    <ul className="lesson-checks">
      {lesson.checks.map((c) => {
        const r = c.evaluate(evidence);
        const state = r === null ? 'pending' : r.holds ? 'holds' : 'fails';
        return (
          <li key={c.id} className={`check-${state}`} data-testid="lesson-check" data-check={c.id} data-state={state}>
            <span className="check-mark" aria-hidden="true">{state === 'holds' ? '✓' : state === 'fails' ? '✗' : '…'}</span>{' '}
            <span className="check-state">{t(`lessons.ui.${state}`)}</span>
            {r && <>: {t(`lessons.${lesson.id}.checks.${c.id}`, shown(r.values, c.percent))}</>}
          </li>
        );
      })}
    </ul>
  );
}

/** The lesson shown: goal, what to watch, its steps (each with its button), questions, and what should have been seen. */
export function LessonPanel() {
  const { lesson, evidence } = useLessonEvidence();
  return lesson ? <LessonView key={lesson.id} lesson={lesson} evidence={evidence} /> : null;
}

function LessonView({ lesson, evidence }: { lesson: Lesson; evidence: LessonEvidence }) {
  const { t } = useTranslation();
  const step = useLessonStore((s) => s.step);
  const acting = useLessonStore((s) => s.acting);
  const canStep = useRunStore(selectCanStep);
  const [reveal, setReveal] = useState(false);
  const differences = useDifferences(lesson);
  const k = (key: string) => `lessons.${lesson.id}.${key}`;
  const finished = step >= lesson.steps.length;
  const closingShown = finished || reveal;
  return (
    <section className="card lesson" aria-labelledby="lesson-title" data-testid="lesson" data-lesson={lesson.id} data-step={step} data-finished={finished}>
      <div className="lesson-head">
        <h2 id="lesson-title">{t('lessons.ui.title', { title: t(k('title')) })}</h2>
        <span className="muted" data-testid="lesson-progress">
          {finished ? t('lessons.ui.allDone') : t('lessons.ui.stepOf', { n: step + 1, total: lesson.steps.length })}
        </span>
        <button type="button" className="link" onClick={() => void lessonChosen(null)} disabled={acting} data-testid="lesson-leave">{t('lessons.ui.leave')}</button>
      </div>
      <dl className="lesson-intro">
        <dt>{t('lessons.ui.goal')}</dt>
        <dd data-testid="lesson-goal">{t(k('goal'))}</dd>
        <dt>{t('lessons.ui.watch')}</dt>
        <dd data-testid="lesson-watch">{t(k('watch'))}</dd>
      </dl>
      {differences.length > 0 && <p className="lesson-differs" data-testid="lesson-differs">{t('lessons.ui.differs', { list: differences.join('; ') })}</p>}
      <h3>{t('lessons.ui.steps')}</h3>
      <ol className="lesson-steps">
        {lesson.steps.map((s, i) => {
          const state = i < step ? 'done' : i === step ? 'current' : 'todo';
          return (
            <li key={s.id} className={`step-${state}`} data-testid="lesson-step" data-step-id={s.id} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span>{t(k(`steps.${s.id}`))}</span>
              {state === 'done' && <span className="muted"> ✓ {t('lessons.ui.done')}</span>}
              {state === 'current' && (
                <span className="lesson-step-buttons">
                  {s.action && (
                    <button type="button" className="primary" onClick={() => { if (s.panel) scrollToPanel(s.panel); void stepActed(); }} disabled={acting || !canStep} data-testid="lesson-act">
                      {acting ? t('lessons.ui.working') : actionLabel(s.action, t)}
                    </button>
                  )}
                  {acting && s.action?.kind === 'run' && <button type="button" onClick={actStopped} data-testid="lesson-stop">{t('lessons.ui.stop')}</button>}
                  {s.panel && <button type="button" onClick={() => scrollToPanel(s.panel!)} data-testid="lesson-show">{t('lessons.ui.showMe')}</button>}
                  {!s.action && <button type="button" onClick={() => stepMoved(i + 1)} data-testid="lesson-next">{t('lessons.ui.next')}</button>}
                  {s.action && <button type="button" className="link" onClick={() => stepMoved(i + 1)} disabled={acting} data-testid="lesson-skip">{t('lessons.ui.skip')}</button>}
                  {i > 0 && <button type="button" className="link" onClick={() => stepMoved(i - 1)} disabled={acting} data-testid="lesson-back">{t('lessons.ui.back')}</button>}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <h3>{t('lessons.ui.questions')}</h3>
      <ol className="lesson-questions" data-testid="lesson-questions">
        {Array.from({ length: lesson.questions }, (_, i) => <li key={i}>{t(k(`questions.q${i + 1}`))}</li>)}
      </ol>
      {closingShown ? (
        <div className="lesson-closing" data-testid="lesson-closing">
          <h3>{t('lessons.ui.closing')}</h3>
          <p>{t(k('closing'))}</p>
          {lesson.checks.length > 0 && (
            <>
              <p className="muted">{t('lessons.ui.inThisRun')}</p>
              <Checks lesson={lesson} evidence={evidence} />
            </>
          )}
        </div>
      ) : (
        <button type="button" className="link" onClick={() => setReveal(true)} data-testid="lesson-reveal">{t('lessons.ui.showClosing')}</button>
      )}
    </section>
  );
}

