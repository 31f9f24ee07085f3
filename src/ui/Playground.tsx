import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { useViewStore } from '../state/view-store';
import { DpoPanel } from './algos/DpoPanel';
import { GroupPanel } from './algos/GroupPanel';
import { ChartsPanel } from './ChartsPanel';
import { EngineBanner } from './EngineBanner';
import { Explanation } from './Explanation';
import { FeedbackPanel } from './FeedbackPanel';
import { HyperParams } from './HyperParams';
import { InspectPanel } from './InspectPanel';
import { CompareView } from './library/CompareView';
import { ReplayBar } from './library/ReplayBar';
import { RunsMessages } from './library/RunsMessages';
import { RunsPanel } from './library/RunsPanel';
import { LearningPanel } from './LearningPanel';
import { NoticeList } from './NoticeList';
import { OnnxPanel } from './OnnxPanel';
import { PipelineView } from './PipelineView';
import { ProjectorDashboard } from './projector/ProjectorDashboard';
import { ProgressBar } from './ProgressBar';
import { SamplingPanel } from './SamplingPanel';
import { StagesPanel } from './StagesPanel';
import { LessonPanel } from './lessons/LessonPanel';
import { Narration } from './story/Narration';
import { Story } from './story/Story';
import { TimingLine } from './TimingLine';
import { TopBar } from './TopBar';
import { UpdateNotice } from './bridge/UpdateNotice';
import { useKeyboard } from './useKeyboard';

/** The playground: one PPO iteration phase by phase, the run over time, the knobs and the stages before PPO. */
export function Playground() {
  const { t } = useTranslation();
  const status = useRunStore((s) => s.status);
  const projector = useViewStore((s) => s.projector);
  useKeyboard();
  return (
    <main className="playground" data-testid="playground" data-status={status}>
      {projector && <ProjectorDashboard />}
      <TopBar />
      <EngineBanner />
      <NoticeList />
      <UpdateNotice />
      <RunsMessages />
      <ProgressBar placement="page" />
      <ReplayBar />
      {status === 'preparing' && <p className="banner" role="status" data-testid="preparing">{t('status.preparing')}</p>}
      <Story />
      <LessonPanel />
      <Narration />
      <PipelineView />
      <TimingLine />
      <Explanation />
      <div className="main-grid">
        <div className="panels">
          <DpoPanel />
          <SamplingPanel />
          <FeedbackPanel />
          <GroupPanel />
          <LearningPanel />
        </div>
        <InspectPanel />
      </div>
      {/* Below the panels: laid out and painted only near the screen (styles.css, .below-panels). */}
      <div className="below-panels">
        <ChartsPanel />
        <CompareView />
        <RunsPanel />
        <HyperParams />
        <StagesPanel />
        <OnnxPanel />
      </div>
      <footer className="muted">{t('footer')}</footer>
    </main>
  );
}
