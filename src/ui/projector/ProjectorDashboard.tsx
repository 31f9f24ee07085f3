import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { compareRequested } from '../../state/compare-actions';
import { phaseStepped, runToggled } from '../../state/run-actions';
import { selectActivePhase, selectCanStep, selectFastRun, selectNextPhase, selectRunningPhase, useRunStore, type PhaseName } from '../../state/run-store';
import { statLabel } from '../glossary/labels';
import { StatChart, type ChartRun } from '../StatChart';
import { useSentences } from '../story/Narration';
import { CompareAnswers } from './CompareAnswers';

const PHASES: PhaseName[] = ['sample', 'feedback', 'learn'];
/** The narration's first sentences (the main news) fit the screen at projector size; the whole text is in its panel below. */
const NARRATION_SENTENCES = 2;

/**
 * Projector mode's first screen, readable from the back of a room at 1280×720: where the iteration
 * is and the button for its next phase, the same prompts answered before PPO (reference) and now
 * (actor) with gold and reward-model scores, and the key chart (scores and gold). Under the step
 * button, what just happened (the narration of story/Narration.tsx), or before anything has, what
 * the next step will do. The full page follows below.
 */
export function ProjectorDashboard() {
  const { t } = useTranslation();
  const sentences = useSentences();
  const status = useRunStore((s) => s.status);
  const running = useRunStore((s) => s.running);
  const fast = useRunStore(selectFastRun);
  const iteration = useRunStore((s) => s.iteration);
  const session = useRunStore((s) => s.session);
  const history = useRunStore((s) => s.history);
  const heldOut = useRunStore((s) => s.curves.heldOutAccuracy);
  const canStep = useRunStore(selectCanStep);
  const next = useRunStore(selectNextPhase);
  // New answers after every iteration (and when the models change); not while racing through iterations.
  useEffect(() => {
    if (status === 'ready' && !fast) void compareRequested(3);
  }, [status, iteration, session, heldOut, fast]);
  const runs: ChartRun[] = useMemo(() => [{ id: 'current', name: t('charts.currentRun'), history }], [history, t]);
  const runningPhase = useRunStore(selectRunningPhase);
  const active = useRunStore(selectActivePhase);
  return (
    <section className="dashboard" aria-label={t('dash.title')} data-testid="dashboard">
      <div className="dash-head">
        <ol className="phase-strip" aria-label={t('dash.phases')}>
          {PHASES.map((p) => (
            <li key={p} className={`${p === active ? 'active' : ''} ${!runningPhase && p === next ? 'next' : ''}`} data-testid={`dash-phase-${p}`}
              aria-current={p === active ? 'step' : undefined}>
              {t(`phase.${p}`)}
            </li>
          ))}
        </ol>
        <button type="button" className="primary dash-step" onClick={() => void phaseStepped()} disabled={!canStep} data-testid="dash-step" data-next={next} aria-keyshortcuts="Space">
          {t('top.stepPhase', { phase: t(`phase.${next}`) })}
        </button>
        <button type="button" onClick={runToggled} disabled={!running && !canStep} aria-pressed={running} data-testid="dash-run" aria-keyshortcuts="r">
          {running ? t('top.pause') : t('top.run')}
        </button>
        <span className="dash-iteration" data-testid="dash-iteration">{t('top.iteration', { n: iteration })}</span>
      </div>
      <div className="dash-narration" data-testid="dash-narration" data-kind={sentences.length ? 'narration' : 'next-step'} aria-live="polite">
        {sentences.length
          ? sentences.slice(0, NARRATION_SENTENCES).map((s, i) => <span key={i}>{t(`narrate.${s.key}`, s.vars)} </span>)
          : t(`dash.nextStep.${runningPhase ?? next}`)}
      </div>
      <div className="dash-main">
        <div className="dash-answers"><CompareAnswers /></div>
        <div className="dash-chart">
          <StatChart id="dash-scores" title={t('charts.t.scores')} runs={runs} plotHeight="fill" axes={{ left: t('charts.axis.score') }}
            series={[
              { key: 'objective/scores', label: statLabel('objective/scores', t), zero: true },
              { key: 'objective/gold_score', label: statLabel('objective/gold_score', t), zero: true },
            ]} />
        </div>
      </div>
    </section>
  );
}
