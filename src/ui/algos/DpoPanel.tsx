import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EOS } from '../../engine/data/tokenizer';
import { classPairsUsed } from '../../state/algo-actions';
import { configChanged } from '../../state/run-actions';
import { selectActiveConfig, selectVocab, useRunStore } from '../../state/run-store';
import { useLabelerStore } from '../../state/stage-actions';
import { useViewStore } from '../../state/view-store';
import { absMax, heat, PALETTES } from '../colors';
import { fmt, pct } from '../format';
import { ScrollBox } from '../ScrollBox';
import './algos.css';

/**
 * DPO: the iteration's preference pairs — prompt, chosen and rejected answer — with the policy's
 * implicit rewards β·(log π_θ − log π_ref) of both, their margin and the pair's loss, measured in the
 * feedback phase (before this iteration's update). The data source: the scenario's labeller, or
 * the class's own labels from "Be the labeller".
 */
export function DpoPanel() {
  const { t } = useTranslation();
  const dpo = useRunStore((s) => s.feedback?.dpo);
  const active = useRunStore(selectActiveConfig);
  const idle = useRunStore((s) => s.busy === null && !s.running && s.status === 'ready');
  const vocab = useRunStore(selectVocab);
  const rows = useViewStore((s) => s.rows);
  const colourSafe = useViewStore((s) => s.colourSafe);
  const labelled = useLabelerStore((s) => s.labelled);
  const [sent, setSent] = useState<number | null>(null);
  if (active.algo !== 'dpo') return null;
  const words = (ids: readonly number[]) => ids.map((id) => (id === EOS ? '⏎' : vocab[id])).join(' ');
  const useClass = async () => setSent(await classPairsUsed(labelled));
  const pal = PALETTES[colourSafe ? 'safe' : 'default'];
  const shown = dpo ? dpo.pairs.slice(0, Math.max(4, rows)) : [];
  const marginScale = dpo ? absMax(dpo.pairs.map((p) => p.margin)) : 0;
  return (
    <section className="card" aria-label={t('algos.dpo.title')} data-testid="dpo-panel" data-state={dpo ? 'done' : 'empty'} data-source={dpo?.source ?? ''}>
      <h2>{t('algos.dpo.title')}</h2>
      <p className="muted">{t('algos.dpo.intro')}</p>
      <fieldset className="algos-source">
        <legend>{t('algos.dpo.source')}</legend>
        <label className="check">
          <input type="radio" name="dpo-source" checked={active.dpo_pairs === 'scenario'} disabled={!idle} onChange={() => configChanged({ dpo_pairs: 'scenario' })} data-testid="dpo-source-scenario" />
          {t('algos.dpo.sourceScenario')}
        </label>
        <label className="check">
          <input type="radio" name="dpo-source" checked={active.dpo_pairs === 'class'} disabled={!idle || labelled.length === 0} onChange={() => void useClass()} data-testid="dpo-source-class" />
          {t('algos.dpo.sourceClass', { n: labelled.length })}
        </label>
        <button type="button" disabled={!idle || labelled.length === 0} onClick={() => void useClass()} data-testid="dpo-use-class">
          {t('algos.dpo.useClass', { n: labelled.length })}
        </button>
        {labelled.length === 0 && <span className="muted"> {t('algos.dpo.noClass')}</span>}
        {sent !== null && <span role="status" data-testid="dpo-sent"> {t('algos.dpo.sent', { n: sent })}</span>}
      </fieldset>
      {!dpo ? <p className="muted">{t('algos.dpo.empty')}</p> : (
        <>
          <p data-testid="dpo-stats" data-accuracy={dpo.stats['rewards/accuracies']} data-eval-accuracy={dpo.stats['eval_rewards/accuracies']}>
            {t('algos.dpo.stats', { acc: pct(dpo.stats['rewards/accuracies']), margin: fmt(dpo.stats['rewards/margins']), evalAcc: pct(dpo.stats['eval_rewards/accuracies']) })}
          </p>
          <ScrollBox label={t('algos.dpo.title')} testid="dpo-scroll" focusable>
            <table className="algos-table algos-pairs" data-testid="dpo-table">
              <caption className="muted">{t('algos.dpo.rHat')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('algos.dpo.prompt')}</th><th scope="col">{t('algos.dpo.chosen')}</th><th scope="col">{t('algos.dpo.rejected')}</th>
                  <th scope="col">{t('algos.dpo.rChosen')}</th><th scope="col">{t('algos.dpo.rRejected')}</th><th scope="col">{t('algos.dpo.margin')}</th><th scope="col">{t('algos.dpo.loss')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((p, i) => (
                  <tr key={i} data-testid="dpo-pair" data-margin={p.margin} data-loss={p.loss}>
                    <th scope="row" className="muted">{words(p.prompt)}</th>
                    <td className="algos-answer">{words(p.chosen)}</td>
                    <td className="algos-answer">{words(p.rejected)}</td>
                    <td>{fmt(p.rewardChosen)}</td>
                    <td>{fmt(p.rewardRejected)}</td>
                    <td style={{ background: heat(p.margin, marginScale, pal) }}>{fmt(p.margin)}</td>
                    <td>{fmt(p.loss)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          {shown.length < dpo.pairs.length && <p className="muted">{t('algos.dpo.showing', { n: shown.length, total: dpo.pairs.length })}</p>}
        </>
      )}
    </section>
  );
}
