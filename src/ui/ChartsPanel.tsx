import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRunStore } from '../state/run-store';
import { ExportBar } from './ExportBar';
import { statLabel } from './glossary/labels';
import { Term } from './glossary/Term';
import { useLessonCharts } from './lessons/useLessonCharts';
import { StatChart, type ChartRun, type Series } from './StatChart';

/** Scenario diagnostics worth a chart of their own (Scenario.diagnostics). */
const SCENARIO_STATS = ['hack/bait_per_answer', 'objective/accuracy', 'objective/malformed'];

/** The run over iterations: friendly names first, TRL's statistic names second (conventions §3). */
export function ChartsPanel() {
  const { t } = useTranslation();
  const history = useRunStore((s) => s.history);
  const lesson = useLessonCharts();
  const runs: ChartRun[] = useMemo(() => [{ id: 'current', name: lesson.currentName ?? t('charts.currentRun'), history }, ...lesson.runs], [history, t, lesson]);
  const s = (key: string, right?: boolean): Series => ({ key, label: statLabel(key, t), right });
  // The scenario's own numbers (reward-hacking bait, arithmetic accuracy), when its runs report them.
  const scenarioKeys = Object.keys(history[0] ?? {}).filter((k) => SCENARIO_STATS.includes(k));
  const charts: { id: string; series: Series[] }[] = [
    { id: 'scores', series: [s('objective/scores'), s('objective/gold_score'), s('objective/rlhf_reward')] },
    ...(scenarioKeys.length ? [{ id: 'scenario', series: scenarioKeys.map((k) => s(k)) }] : []),
    { id: 'kl', series: [s('objective/kl'), s('objective/kl_coef', true)] },
    { id: 'entropy', series: [s('objective/entropy'), s('policy/entropy_avg')] },
    { id: 'clipfrac', series: [s('policy/clipfrac_avg'), s('val/clipfrac_avg')] },
    { id: 'approxkl', series: [s('policy/approxkl_avg')] },
    { id: 'losses', series: [s('loss/value_avg'), s('loss/policy_avg', true)] },
    { id: 'varexp', series: [s('val/var_explained')] },
    { id: 'length', series: [s('response/length_mean'), s('response/eos_rate', true)] },
  ];
  const legendLabel = (series: Series, text: string) => <Term stat={series.key}>{text}</Term>;
  return (
    <section className="card" aria-label={t('charts.title')} data-testid="charts-panel" data-points={history.length}>
      <h2>{t('charts.title')}</h2>
      {history.length === 0 && <p className="muted">{t('charts.empty')}</p>}
      <div className="chart-grid">
        {charts.map((c) => <StatChart key={c.id} id={c.id} title={t(`charts.t.${c.id}`)} series={c.series} runs={runs} marks={lesson.marks[c.id]} legendLabel={legendLabel} />)}
      </div>
      <ExportBar />
    </section>
  );
}
