import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { ExportBar } from './ExportBar';
import { useShownRuns } from './library/useShownRuns';
import { StatChart, type AxisLabels, type ChartRun, type Series } from './StatChart';

/** The run over iterations, under TRL's statistic names (conventions §3). */
export function ChartsPanel() {
  const { t } = useTranslation();
  const history = useRunStore((s) => s.history);
  // The current run alone, or the runs ticked in the run library overlaid (one colour per run, fork markers).
  const shown = useShownRuns();
  const runs: ChartRun[] = useMemo(
    () => (shown.length > 1 || !shown[0]?.isCurrent ? shown.map((r) => ({ id: r.id, name: r.name, history: r.history, forkAt: r.forkAt })) : [{ id: 'current', name: t('charts.currentRun'), history }]),
    [shown, history, t],
  );
  // Zero means something on every one of these statistics (centred scores, KL, fractions, losses, explained variance): it stays on each axis.
  const z = (key: string, label: string, right?: boolean): Series => ({ key, label, right, zero: true });
  const charts: { id: string; series: Series[]; axes: AxisLabels }[] = [
    { id: 'scores', series: [z('objective/scores', t('charts.s.scores')), z('objective/gold_score', t('charts.s.gold')), z('objective/rlhf_reward', t('charts.s.rlhf'))], axes: { left: t('charts.axis.score') } },
    { id: 'kl', series: [z('objective/kl', 'objective/kl'), z('objective/kl_coef', 'β (kl_coef)', true)], axes: { left: t('charts.axis.kl'), right: 'β' } },
    { id: 'entropy', series: [z('objective/entropy', 'objective/entropy'), z('policy/entropy_avg', 'policy/entropy_avg')], axes: { left: t('charts.axis.nats') } },
    { id: 'clipfrac', series: [z('policy/clipfrac_avg', 'policy/clipfrac_avg'), z('val/clipfrac_avg', 'val/clipfrac_avg')], axes: { left: t('charts.axis.fraction') } },
    { id: 'approxkl', series: [z('policy/approxkl_avg', 'policy/approxkl_avg')], axes: { left: t('charts.axis.nats') } },
    { id: 'losses', series: [z('loss/value_avg', 'loss/value_avg'), z('loss/policy_avg', 'loss/policy_avg', true)], axes: { left: t('charts.axis.valueLoss'), right: t('charts.axis.policyLoss') } },
    { id: 'varexp', series: [z('val/var_explained', 'val/var_explained')], axes: { left: t('charts.axis.varExplained') } },
    { id: 'length', series: [z('response/length_mean', 'response/length_mean'), z('response/eos_rate', 'response/eos_rate', true)], axes: { left: t('charts.axis.tokens'), right: t('charts.axis.eosRate') } },
  ];
  return (
    <section className="card" aria-label={t('charts.title')} data-testid="charts-panel" data-points={history.length}>
      <h2>{t('charts.title')}</h2>
      {history.length === 0 && <p className="muted">{t('charts.empty')}</p>}
      <div className="chart-grid">
        {charts.map((c) => <StatChart key={c.id} id={c.id} title={t(`charts.t.${c.id}`)} series={c.series} runs={runs} axes={c.axes} />)}
      </div>
      <ExportBar />
    </section>
  );
}
