import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { findLesson } from '../../lessons/registry';
import type { PanelId } from '../../lessons/types';
import { embedPanels, useEmbedStore } from '../../state/embed';
import { resetRequested } from '../../state/engine-actions';
import { useLessonStore } from '../../state/lesson-store';
import { replayLinks } from '../../state/replay-actions';
import { iterationStepped, phaseStepped, runToggled } from '../../state/run-actions';
import { selectCanStep, selectNextPhase, useRunStore } from '../../state/run-store';
import { DpoPanel } from '../algos/DpoPanel';
import { GroupPanel } from '../algos/GroupPanel';
import { BusyIndicator } from '../BusyIndicator';
import { ChartsPanel } from '../ChartsPanel';
import { EngineBanner } from '../EngineBanner';
import { FeedbackPanel } from '../FeedbackPanel';
import { HyperParams } from '../HyperParams';
import { InspectPanel } from '../InspectPanel';
import { LabelerPanel } from '../LabelerPanel';
import { LearningPanel } from '../LearningPanel';
import { LessonPanel } from '../lessons/LessonPanel';
import { NoticeList } from '../NoticeList';
import { SamplingPanel } from '../SamplingPanel';
import { StagesPanel } from '../StagesPanel';
import { Narration } from '../story/Narration';
import { Story } from '../story/Story';
import { useKeyboard } from '../useKeyboard';
import './embed.css';

const PANELS: Record<PanelId, ComponentType> = {
  story: Story, narration: Narration, stages: StagesPanel, labeler: LabelerPanel, dpo: DpoPanel, sampling: SamplingPanel,
  feedback: FeedbackPanel, groups: GroupPanel, learning: LearningPanel, inspect: InspectPanel, charts: ChartsPanel, hyperparams: HyperParams,
};

/**
 * The playground inside a course page's iframe (embed=1; docs/hosting.md "Embedding"): the step
 * controls, the lesson and the panels its steps use — no top bar, settings, library or footer — and
 * a link that opens the full playground in a new tab with the same settings and lesson.
 */
export function EmbedPlayground() {
  const { t } = useTranslation();
  const status = useRunStore((s) => s.status);
  const hide = useEmbedStore((s) => s.hide);
  const lessonId = useLessonStore((s) => s.id);
  const lesson = lessonId ? findLesson(lessonId) : undefined;
  const panels = embedPanels(lesson ? lesson.steps.map((s) => s.panel) : null, hide);
  useKeyboard();
  return (
    <main className="playground embed" data-testid="playground" data-status={status} data-embed="1">
      {!hide.has('runbar') && <EmbedRunBar />}
      <EngineBanner />
      <NoticeList />
      {status === 'preparing' && <p className="banner" role="status" data-testid="preparing">{t('status.preparing')}</p>}
      {!hide.has('lesson') && <LessonPanel />}
      {panels.map((id) => {
        const Panel = PANELS[id];
        return <Panel key={id} />;
      })}
      {!hide.has('link') && <FullPlaygroundLink lessonId={lesson?.id ?? null} />}
    </main>
  );
}

function EmbedRunBar() {
  const { t } = useTranslation();
  const running = useRunStore((s) => s.running);
  const iteration = useRunStore((s) => s.iteration);
  const canStep = useRunStore(selectCanStep);
  const next = useRunStore(selectNextPhase);
  return (
    <div className="runbar controls embed-runbar" role="toolbar" aria-label={t('top.runControls')} data-testid="runbar">
      <button type="button" className="primary" onClick={() => void phaseStepped()} disabled={!canStep} data-testid="btn-step-phase" data-next={next}>
        {t('top.stepPhase', { phase: t(`phase.${next}`) })}
      </button>
      <button type="button" onClick={() => void iterationStepped()} disabled={!canStep} data-testid="btn-step-iteration">{t('top.stepIteration')}</button>
      <button type="button" onClick={runToggled} disabled={!running && !canStep} aria-pressed={running} data-testid="btn-run">{running ? t('top.pause') : t('top.run')}</button>
      <button type="button" onClick={() => void resetRequested()} disabled={!canStep} data-testid="btn-reset">{t('top.reset')}</button>
      <span className="iteration" data-testid="iteration" data-value={iteration}>{t('top.iteration', { n: iteration })}</span>
      <BusyIndicator />
    </div>
  );
}

/** "Open the full playground": the run's link (a replay link once iterations ran) with the lesson, in a new tab. */
function FullPlaygroundLink({ lessonId }: { lessonId: string | null }) {
  const { t } = useTranslation();
  // Re-render when what the link carries changes (one selector each: a new array would re-render forever).
  useRunStore((s) => s.iteration);
  useRunStore((s) => s.config);
  useRunStore((s) => s.pendingConfig);
  const links = replayLinks();
  const url = new URL(links.replay ?? links.settings);
  if (lessonId && !url.searchParams.has('lesson')) url.searchParams.set('lesson', lessonId);
  return (
    <p className="embed-link">
      <a href={url.toString()} target="_blank" rel="noopener" data-testid="embed-full-link">{t('bridge.openFull')}</a>
    </p>
  );
}
