import { useTranslation } from 'react-i18next';
import { getScenario } from '../../engine/data/scenarios';
import type { PanelId } from '../../lessons/types';
import { usesCritic } from '../../engine/rl/algo-config';
import { nextPhaseOf, selectActiveConfig, selectFastRun, selectShownBusy, selectShownPhase, useRunStore, type PhaseName } from '../../state/run-store';
import { GlossaryButton } from '../glossary/Glossary';
import { Term } from '../glossary/Term';
import { LessonPicker } from '../lessons/LessonPicker';
import { ScenarioCard } from './ScenarioCard';
import { scrollToPanel } from './scroll';
import { useFirstVisitTour } from './Tour';
import './story.css';

type Stage = 'sft' | 'rm' | 'ppo';
const PHASES: { phase: PhaseName; panel: PanelId }[] = [
  { phase: 'sample', panel: 'sampling' }, { phase: 'feedback', panel: 'feedback' }, { phase: 'learn', panel: 'learning' },
];
const PPO_PHASES = new Set(['sample', 'feedback', 'learn']);

/** Which stage the run is in, and the sentence that says where it is now. */
function useWhere(): { stage: Stage | null; phase: PhaseName | null; running: boolean; now: string } {
  const { t } = useTranslation();
  const status = useRunStore((s) => s.status);
  const busy = useRunStore(selectShownBusy);
  const progress = useRunStore((s) => s.progress);
  const phase = useRunStore(selectShownPhase);
  const iteration = useRunStore((s) => s.iteration);
  const fast = useRunStore(selectFastRun);
  const algo = t(`algos.switch.names.${useRunStore((s) => selectActiveConfig(s).algo)}`);
  if (progress?.stage === 'sft') return { stage: 'sft', phase: null, running: true, now: t('story.now.sft', { step: progress.step, steps: progress.steps }) };
  if (progress?.stage === 'rm' || progress?.stage === 'normalise' || busy === 'retrain-reward') {
    return { stage: 'rm', phase: null, running: true, now: t('story.now.rm', { step: progress?.step ?? 0, steps: progress?.steps ?? 0 }) };
  }
  if (status === 'failed') return { stage: null, phase: null, running: false, now: t('story.now.failed') };
  if (status !== 'ready') return { stage: null, phase: null, running: true, now: t('story.now.loading') };
  // Running on "fast" the phases are not shown one by one (selectShownBusy): the run as a whole is.
  if (fast) return { stage: 'ppo', phase: null, running: true, now: t('story.now.fast', { algo, done: iteration }) };
  if (busy && PPO_PHASES.has(busy)) {
    return { stage: 'ppo', phase: busy as PhaseName, running: true, now: t('story.now.busy', { algo, n: iteration + 1, phase: t(`phase.${busy}`) }) };
  }
  const next = nextPhaseOf(phase);
  return { stage: 'ppo', phase: next, running: false, now: t('story.now.next', { algo, done: iteration, phase: t(`phase.${next}`) }) };
}

/**
 * The story at the top: SFT → reward model → PPO (sampling → feedback → learning), the four models
 * and which of them change, and where the run is now. Every step scrolls to its panel.
 */
export function Story() {
  const { t } = useTranslation();
  const scenario = getScenario(useRunStore((s) => s.scenario));
  const where = useWhere();
  useFirstVisitTour();
  const hasRm = scenario.hasRewardModel;
  // The third stage and the models follow the chosen algorithm: only PPO trains a critic, and DPO
  // learns from the preference pairs without the reward model.
  const algo = useRunStore((s) => selectActiveConfig(s).algo);
  const algoName = t(`algos.switch.names.${algo}`);
  const stageButton = (stage: Stage, n: number, name: string, sub: string, panel: PanelId) => (
    <button type="button" className="story-stage-button" onClick={() => scrollToPanel(panel)} aria-label={t('story.goTo', { name })} data-testid={`story-${stage}`}>
      <b>{n} · {name}</b>
      <small>{sub}</small>
    </button>
  );
  const models: { id: string; key: string; changes: boolean | null }[] = [
    { id: 'actor', key: 'actor', changes: true },
    usesCritic(algo) ? { id: 'critic', key: 'critic', changes: true } : { id: 'critic', key: 'criticUnused', changes: null },
    hasRm ? (algo === 'dpo' ? { id: 'rewardModel', key: 'rewardUnused', changes: null } : { id: 'rewardModel', key: 'reward', changes: false }) : { id: 'checker', key: 'checker', changes: false },
    { id: 'reference', key: 'reference', changes: false },
  ];
  return (
    <section className="card story" aria-labelledby="story-title" data-testid="story" data-stage={where.stage ?? ''} data-phase={where.phase ?? ''}>
      <div className="story-head">
        <h2 id="story-title">{t('story.title')}</h2>
        <div className="story-tools">
          <LessonPicker />
          <GlossaryButton />
        </div>
      </div>
      <ol className="story-stages">
        <li className={where.stage === 'sft' ? 'active' : ''} data-active={where.stage === 'sft'}>
          {stageButton('sft', 1, t('story.sft.name'), t('story.sft.sub'), 'stages')}
        </li>
        <li className={where.stage === 'rm' ? 'active' : ''} data-active={where.stage === 'rm'}>
          {hasRm ? stageButton('rm', 2, t('story.rm.name'), t('story.rm.sub'), 'stages') : stageButton('rm', 2, t('story.checker.name'), t('story.checker.sub'), 'stages')}
        </li>
        <li className={`story-ppo ${where.stage === 'ppo' ? 'active' : ''}`} data-active={where.stage === 'ppo'}>
          {stageButton('ppo', 3, algoName, algo === 'dpo' ? t('story.ppo.subDpo') : t('story.ppo.sub'), 'sampling')}
          <ol className="story-phases">
            {PHASES.map(({ phase, panel }) => {
              const here = where.stage === 'ppo' && where.phase === phase;
              return (
                <li key={phase} className={here ? (where.running ? 'running' : 'next') : ''}>
                  <button type="button" onClick={() => scrollToPanel(panel)} aria-current={here ? 'step' : undefined} data-testid={`story-phase-${phase}`}>
                    {t(`phase.${phase}`)}
                  </button>
                </li>
              );
            })}
          </ol>
        </li>
      </ol>
      <p className="story-now" role="status" data-testid="story-now">{where.now}</p>
      <ul className="story-models" aria-label={t('story.models')}>
        {models.map((m) => (
          <li key={m.id} className={m.changes === null ? 'unused' : m.changes ? 'changes' : 'frozen'} data-model={m.key}>
            <Term id={m.id}>{t(`story.model.${m.key}`, { algo: algoName })}</Term>
          </li>
        ))}
      </ul>
      <ScenarioCard />
    </section>
  );
}
