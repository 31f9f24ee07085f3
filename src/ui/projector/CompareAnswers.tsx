import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useCompareStore } from '../../state/compare-actions';
import { selectVocab, useRunStore } from '../../state/run-store';
import type { ComparedAnswer } from '../../worker/protocol';
import { fmt } from '../format';

/** Consecutive repeats of a token as one run (a row of PADs reads "<pad> ×12"). */
function runs(tokens: readonly number[]): { id: number; at: number; n: number }[] {
  const out: { id: number; at: number; n: number }[] = [];
  tokens.forEach((id, at) => {
    const last = out[out.length - 1];
    if (last && last.id === id && last.at + last.n === at) last.n++;
    else out.push({ id, at, n: 1 });
  });
  return out;
}

/**
 * Before / after on the same prompts: the frozen reference (the SFT model, where PPO started) and
 * the actor now, drawn with the same random numbers, each with its gold score and the reward
 * model's score. Tokens where the actor's answer departs from the reference are marked.
 */
export function CompareAnswers() {
  const { t } = useTranslation();
  const { reply, error } = useCompareStore();
  const vocab = useRunStore(selectVocab);
  if (error) return <p className="muted" data-testid="compare-error">{t('dash.compareFailed', { error })}</p>;
  if (!reply) return <p className="muted" data-testid="compare-loading">{t('dash.compareLoading')}</p>;
  const words = (ids: number[]) => ids.map((id) => vocab[id]).join(' ');
  const scoreName = reply.scoreSource === 'checker' ? t('dash.checker') : t('dash.rm');
  const answer = (a: ComparedAnswer, ref: ComparedAnswer | null, testid: string) => (
    <td className="compare-answer" data-testid={testid} data-text={words(a.tokens)} data-has-eos={a.hasEos}>
      {runs(a.tokens).map(({ id, at, n }) => {
        const changed = ref !== null && ref.tokens.slice(at, at + n).some((x) => x !== id);
        // The space after each token lets a long answer wrap inside its column.
        return <Fragment key={at}><span className={`ctok ${changed ? 'changed' : ''}`}>{vocab[id]}{n > 1 ? ` ×${n}` : ''}</span> </Fragment>;
      })}
      {!a.hasEos && <span className="muted no-eos">{t('dash.noEos')}</span>}
    </td>
  );
  const delta = (now: number, was: number, digits: number) => (now === was ? '' : ` ${now > was ? '▲' : '▼'} ${fmt(Math.abs(now - was), digits)}`);
  return (
    <table className="compare" data-testid="compare" data-iteration={reply.iteration}>
      <caption>{t('dash.compareCaption', { n: reply.iteration })}</caption>
      <colgroup><col className="who" /><col /><col className="gold" /><col className="score" /></colgroup>
      <thead>
        <tr>
          <th scope="col"><span className="sr-only">{t('dash.model')}</span></th>
          <th scope="col">{t('dash.answer')}</th>
          <th scope="col">{t('dash.gold')}</th>
          <th scope="col">{scoreName}</th>
        </tr>
      </thead>
      {reply.rows.map((row, i) => (
        <tbody key={i} data-testid="compare-row">
          <tr className="prompt-row">
            <th scope="rowgroup" colSpan={4} className="compare-prompt">{words(row.prompt)} …</th>
          </tr>
          <tr className="before">
            <th scope="row" className="compare-who">{t('dash.before')}</th>
            {answer(row.before, null, 'compare-before')}
            <td data-testid="compare-before-gold" data-value={row.before.gold}>{fmt(row.before.gold, 1)}</td>
            <td data-testid="compare-before-score" data-value={row.before.score}>{fmt(row.before.score, 2)}</td>
          </tr>
          <tr className="after">
            <th scope="row" className="compare-who">{t('dash.after', { n: reply.iteration })}</th>
            {answer(row.after, row.before, 'compare-after')}
            <td data-testid="compare-after-gold" data-value={row.after.gold}>{fmt(row.after.gold, 1)}<span className="delta">{delta(row.after.gold, row.before.gold, 1)}</span></td>
            <td data-testid="compare-after-score" data-value={row.after.score}>{fmt(row.after.score, 2)}<span className="delta">{delta(row.after.score, row.before.score, 2)}</span></td>
          </tr>
        </tbody>
      ))}
    </table>
  );
}
