import { useTranslation } from 'react-i18next';
import { selectVocab, useRunStore } from '../state/run-store';
import { useViewStore } from '../state/view-store';
import { pct } from './format';

/** The actor's next-token distribution at the focused position: softmax(logits / τ), top k as bars. */
export function TopKBars() {
  const { t } = useTranslation();
  const topk = useRunStore((s) => s.topk);
  const err = useRunStore((s) => s.topkError);
  const rollout = useRunStore((s) => s.rollout);
  const vocab = useRunStore(selectVocab);
  const focused = useViewStore((s) => s.focused);
  if (!rollout) return null;
  const { S, P } = rollout;
  const sampled = rollout.tokens[focused.b * S + P + focused.t];
  const context = Array.from(rollout.tokens.subarray(focused.b * S, focused.b * S + P + focused.t), (id) => vocab[id]).join(' ');
  return (
    <div className="topk" data-testid="topk" data-b={focused.b} data-t={focused.t} data-ready={topk?.b === focused.b && topk?.t === focused.t}>
      <h3>{t('sampling.topkTitle', { context, temperature: topk?.temperature ?? '…' })}</h3>
      {err && <p className="muted" data-testid="topk-error">{err}</p>}
      {topk && topk.b === focused.b && topk.t === focused.t && (
        <ol className="bars">
          {topk.tokens.map((id, i) => (
            <li key={id} className={id === sampled ? 'sampled' : ''} data-testid="topk-bar" data-token={id} data-prob={topk.probs[i]}>
              <span className="bar-label">{vocab[id]}{id === sampled ? ' ◀' : ''}</span>
              <span className="bar" style={{ width: `${Math.max(0.5, 100 * topk.probs[i])}%` }} />
              <span className="bar-value">{pct(topk.probs[i])}</span>
            </li>
          ))}
        </ol>
      )}
      {topk && topk.b === focused.b && topk.t === focused.t && (
        <p className="muted" data-testid="topk-sampled" data-prob={topk.sampledProb}>
          {t('sampling.sampledProb', { token: vocab[sampled], p: pct(topk.sampledProb) })}
        </p>
      )}
    </div>
  );
}
