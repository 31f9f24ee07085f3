import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stagesTrainRequested } from '../state/stage-actions';
import { selectCanStep, useRunStore } from '../state/run-store';
import { CurveChart } from './CurveChart';
import { fmt, pct } from './format';
import { LabelerPanel } from './LabelerPanel';
import { ProgressBar } from './ProgressBar';

/** Before PPO: where the SFT and reward models came from, their training curves, and retraining them here. */
export function StagesPanel() {
  const { t } = useTranslation();
  const session = useRunStore((s) => s.session);
  const curves = useRunStore((s) => s.curves);
  const preset = useRunStore((s) => s.preset);
  const canAct = useRunStore(selectCanStep);
  const [sftSteps, setSftSteps] = useState(200);
  const [rmSteps, setRmSteps] = useState(100);
  if (!session) return null;
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 5000;
  return (
    <section className="card" aria-label={t('stages.title')} data-testid="stages-panel" data-source={session.source}>
      <h2>{t('stages.title')}</h2>
      <p data-testid="model-source">
        {t(`stages.source.${session.source}`, { preset, params: session.parameters.toLocaleString('en') })}
        {session.sourceNote && <span className="muted"> ({session.sourceNote})</span>}
      </p>
      <p className="muted">{t('stages.intro')}</p>
      {session.rewardSource.classPairs && (
        <p className="muted" data-testid="facts-class">{t('stages.factsClass', { n: session.rewardSource.classPairs })}</p>
      )}
      {Object.keys(session.facts).length > 0 && (
        <dl className="facts" data-testid="checkpoint-facts">
          {Object.entries(session.facts).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd data-value={v}>{Number.isInteger(v) ? v : fmt(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="chart-grid">
        {curves.sftLosses.length > 0 && <CurveChart id="sft" title={t('stages.sftCurve')} series={[{ label: t('stages.loss'), values: curves.sftLosses }]} />}
        {curves.rmLosses.length > 0 && (
          <CurveChart id="rm" title={t('stages.rmCurve')} series={[{ label: t('stages.loss'), values: curves.rmLosses }, { label: t('stages.accuracy'), values: curves.rmAccuracies, right: true }]} />
        )}
      </div>
      {curves.heldOutAccuracy !== null && (
        <p data-testid="rm-heldout" data-value={curves.heldOutAccuracy}>{t('stages.heldOut', { acc: pct(curves.heldOutAccuracy) })}</p>
      )}
      <div className="panel-controls">
        <label>
          {t('stages.sftSteps')}
          <input type="number" min={1} max={5000} value={sftSteps} onChange={(e) => setSftSteps(Number(e.target.value))} aria-invalid={!valid(sftSteps)} data-testid="sft-steps" />
        </label>
        {session.hasRewardModel && (
          <label>
            {t('stages.rmSteps')}
            <input type="number" min={1} max={5000} value={rmSteps} onChange={(e) => setRmSteps(Number(e.target.value))} aria-invalid={!valid(rmSteps)} data-testid="rm-steps" />
          </label>
        )}
        <button type="button" disabled={!canAct || !valid(sftSteps) || !valid(rmSteps)} onClick={() => void stagesTrainRequested(sftSteps, rmSteps)} data-testid="train-stages">
          {session.hasRewardModel ? t('stages.train') : t('stages.trainSft')}
        </button>
        <span className="muted">{t('stages.trainNote', { engine: session.engine.toUpperCase() })}</span>
      </div>
      <ProgressBar placement="stages" />
      {session.hasRewardModel ? <LabelerPanel /> : <p className="muted">{t('stages.noRm')}</p>}
    </section>
  );
}
