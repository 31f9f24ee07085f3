import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getScenario } from '../../engine/data/scenarios';
import { EOS } from '../../engine/data/tokenizer';
import { useViewStore } from '../../state/view-store';
import { PALETTES } from '../colors';
import { fmt } from '../format';
import { useShownRuns, type ShownRun } from './useShownRuns';

/** The statistics the table compares (final value and peak over the run). */
const METRICS = ['objective/scores', 'objective/gold_score', 'objective/rlhf_reward', 'objective/kl', 'objective/entropy', 'response/length_mean'];

function finalAndPeak(history: readonly Record<string, number>[], key: string): { final: number | null; peak: number | null; at: number | null } {
  let peak: number | null = null, at: number | null = null;
  for (const row of history) {
    const v = row[key];
    if (typeof v === 'number' && Number.isFinite(v) && (peak === null || v > peak)) {
      peak = v;
      at = (row.iteration ?? 0) + 1;
    }
  }
  const last = history[history.length - 1]?.[key];
  return { final: typeof last === 'number' ? last : null, peak, at };
}

/**
 * Compare runs (issue #12, item 3): a table of final and peak values, and the runs' answers to the
 * same prompts. Shown when two or more runs are ticked in the library; colours match the charts.
 */
export function CompareView() {
  const { t } = useTranslation();
  const runs = useShownRuns();
  const safe = useViewStore((s) => s.colourSafe);
  const pal = PALETTES[safe ? 'safe' : 'default'];
  if (runs.length < 2) return null;
  const colour = (i: number) => pal.series[i % pal.series.length];
  return (
    <section className="card compare-view" aria-labelledby="compare-title" data-testid="compare-view" data-runs={runs.length}>
      <h2 id="compare-title">{t('runs.compare.title')}</h2>
      <p className="muted">{t('runs.compare.intro')}</p>
      <div className="runs-table-wrap" role="region" aria-label={t('runs.compareTableLabel')} tabIndex={0}>
        <table className="compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">{t('runs.compare.metric')}</th>
              {runs.map((r, i) => (
                <th key={r.id} scope="col" colSpan={2} title={r.name}><span className="swatch" style={{ background: colour(i) }} aria-hidden="true" /> {r.label}</th>
              ))}
            </tr>
            <tr>
              <th scope="col">{t('runs.compare.iterations')}</th>
              {runs.map((r) => [<th key={`${r.id}f`} scope="col" className="num">{t('runs.compare.final')} ({r.history.length})</th>, <th key={`${r.id}p`} scope="col" className="num">{t('runs.compare.peak')}</th>])}
            </tr>
          </thead>
          <tbody>
            {METRICS.map((k) => (
              <tr key={k} data-testid="compare-row" data-metric={k}>
                <th scope="row">{k}</th>
                {runs.map((r) => {
                  const v = finalAndPeak(r.history, k);
                  return [
                    <td key={`${r.id}f`} className="num" data-testid="compare-final" data-run={r.id} data-value={v.final ?? ''}>{fmt(v.final)}</td>,
                    <td key={`${r.id}p`} className="num" data-value={v.peak ?? ''} title={v.at ? t('charts.iteration', { n: v.at }) : undefined}>{fmt(v.peak)}</td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SamePrompts runs={runs} colour={colour} />
    </section>
  );
}

function SamePrompts({ runs, colour }: { runs: ShownRun[]; colour: (i: number) => string }) {
  const { t } = useTranslation();
  const scenarios = new Set(runs.map((r) => r.scenario));
  // Iteration counts after which every compared run kept its answers (0 = the SFT model, before training).
  const common = useMemo(() => {
    if (runs.some((r) => !r.samples)) return [];
    const sets = runs.map((r) => new Set(r.samples!.entries.map((e) => e.after)));
    return [...sets[0]].filter((a) => sets.every((s) => s.has(a))).sort((a, b) => b - a);
  }, [runs]);
  const [chosen, setChosen] = useState<number | null>(null);
  if (scenarios.size > 1) return <p className="muted" data-testid="same-prompts-none">{t('runs.compare.otherScenario')}</p>;
  const after = chosen !== null && common.includes(chosen) ? chosen : common[0];
  const sc = getScenario(runs[0].scenario);
  const vocab = sc.tokenizer.vocab;
  const words = (tokens: Int32Array, from: number, to: number) => {
    const out: string[] = [];
    for (let i = from; i < to; i++) {
      out.push(vocab[tokens[i]]);
      if (tokens[i] === EOS) break;
    }
    return out.join(' ');
  };
  const first = runs[0].samples;
  return (
    <div className="same-prompts" data-testid="same-prompts" data-after={after ?? ''}>
      <h3>{t('runs.compare.samePrompts')}</h3>
      <p className="muted small">{t('runs.compare.samePromptsIntro', { k: first?.K ?? 0 })}</p>
      {after === undefined || !first ? (
        <p className="muted" data-testid="same-prompts-none">{t('runs.compare.noCommon')}</p>
      ) : (
        <>
          <label>
            {t('runs.compare.after')}
            <select value={after} onChange={(e) => setChosen(Number(e.target.value))} data-testid="same-prompts-after">
              {common.map((a) => <option key={a} value={a}>{a === 0 ? t('runs.compare.before') : a}</option>)}
            </select>
          </label>
          <div className="runs-table-wrap" role="region" aria-label={t('runs.samePromptsLabel')} tabIndex={0}>
            <table className="same-prompts-table">
              <thead>
                <tr>
                  <th scope="col">{t('runs.compare.prompt')}</th>
                  {runs.map((r, i) => <th key={r.id} scope="col" title={r.name}><span className="swatch" style={{ background: colour(i) }} aria-hidden="true" /> {r.label}</th>)}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: first.K }, (_, k) => (
                  <tr key={k} data-testid="same-prompt-row">
                    <th scope="row" className="prompt">{words(first.entries.find((e) => e.after === after)!.tokens, k * first.S, k * first.S + first.P)}</th>
                    {runs.map((r) => {
                      const s = r.samples!;
                      const e = s.entries.find((x) => x.after === after)!;
                      return (
                        <td key={r.id} aria-label={t('runs.compare.answerLabel', { run: r.label, k: k + 1 })} data-testid="same-prompt-answer" data-run={r.id} data-gold={e.gold[k]}>
                          <span className="answer-text">{words(e.tokens, k * s.S + s.P, (k + 1) * s.S)}</span>
                          <span className="muted small"> {t('runs.compare.rm')} {fmt(e.scores[k], 2)} · {t('runs.compare.gold')} {fmt(e.gold[k], 2)}</span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
