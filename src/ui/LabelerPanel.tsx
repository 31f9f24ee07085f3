import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { selectCanStep, selectVocab, useRunStore } from '../state/run-store';
import { pairsRequested, pairVoted, rewardRestoreRequested, rewardRetrainRequested, useLabelerStore } from '../state/stage-actions';
import type { RewardRetrainReply } from '../worker/protocol';
import { fmt, pct } from './format';

/** A drop of more than one point of held-out accuracy is worth a warning: PPO will optimise a worse judge. */
const dropped = (r: RewardRetrainReply) => r.heldOutAccuracy < r.heldOutBefore - 0.01;

/**
 * "Be the labeler": the class compares two answers the SFT model wrote for the same prompt and
 * picks the better one; the reward model is then retrained on the class's pairs (Bradley–Terry
 * loss −log σ(s_chosen − s_rejected)), and PPO scores with it from the next feedback phase. The
 * held-out accuracy before and after says whether the class's few pairs made it a better judge; if
 * not, the reward model the run started with can be restored.
 */
export function LabelerPanel() {
  const { t } = useTranslation();
  const { pairs, votes, labelled, result } = useLabelerStore();
  const vocab = useRunStore(selectVocab);
  const canAct = useRunStore(selectCanStep);
  const session = useRunStore((s) => s.session);
  const source = session?.rewardSource;
  const classPairs = source?.classPairs;
  const [steps, setSteps] = useState(40);
  const stepsOk = Number.isInteger(steps) && steps >= 1 && steps <= 2000;
  const words = (ids: number[]) => ids.map((id) => vocab[id]).join(' ');
  return (
    <div className="labeler" data-testid="labeler" data-labelled={labelled.length}>
      <h3>{t('labeler.title')}</h3>
      <p className="muted">{t('labeler.intro')}</p>
      <div className="panel-controls">
        <button type="button" onClick={() => void pairsRequested(6)} disabled={!canAct} data-testid="labeler-new">{t('labeler.new')}</button>
        <span data-testid="labeler-count" data-value={labelled.length}>{t('labeler.count', { n: labelled.length })}</span>
        <label>
          {t('labeler.steps')}
          <input type="number" min={1} max={2000} value={steps} onChange={(e) => setSteps(Number(e.target.value))} aria-invalid={!stepsOk} data-testid="labeler-steps" />
        </label>
        <button type="button" onClick={() => void rewardRetrainRequested(steps)} disabled={!canAct || labelled.length === 0 || !stepsOk} data-testid="labeler-retrain">
          {t('labeler.retrain', { n: labelled.length })}
        </button>
      </div>
      <ol className="pairs">
        {pairs.map((p, i) => (
          <li key={i} data-testid="label-pair" data-voted={votes[i] ?? ''}>
            <div className="prompt">{words(p.prompt)} …</div>
            <div className="choices">
              {(['a', 'b'] as const).map((k) => (
                <button key={k} type="button" className={`choice ${votes[i] === k ? 'chosen' : ''}`} disabled={votes[i] !== null}
                  onClick={() => pairVoted(i, k)} data-testid={`label-${k}`} aria-label={t('labeler.pick', { which: k.toUpperCase(), text: words(k === 'a' ? p.a : p.b) })}>
                  <b>{k.toUpperCase()}</b> {words(k === 'a' ? p.a : p.b)}
                  {votes[i] !== null && <span className="muted"> · {t('labeler.gold')} {fmt(k === 'a' ? p.goldA : p.goldB, 2)}</span>}
                </button>
              ))}
              <button type="button" className="link" disabled={votes[i] !== null} onClick={() => pairVoted(i, 'skip')}>{t('labeler.skip')}</button>
            </div>
          </li>
        ))}
      </ol>
      {source?.kind === 'onnx' && <p className="muted" data-testid="labeler-onnx-active">{t('labeler.onnxActive', { name: source.name })}</p>}
      {result && (
        <p data-testid="labeler-result" data-pairs={result.pairs} data-heldout={result.heldOutAccuracy} data-heldout-before={result.heldOutBefore}>
          {t('labeler.resultBeforeAfter', { n: result.pairs, before: pct(result.heldOutBefore), after: pct(result.heldOutAccuracy) })}
        </p>
      )}
      {result && dropped(result) && (
        <p className="banner banner-warn" role="alert" data-testid="labeler-drop">
          {t('labeler.dropWarning', { before: pct(result.heldOutBefore), after: pct(result.heldOutAccuracy) })}
        </p>
      )}
      {classPairs !== undefined && (
        <p className="panel-controls" data-testid="labeler-in-use" data-class-pairs={classPairs}>
          <span>{t('labeler.inUse', { n: classPairs })}</span>
          <button type="button" onClick={() => void rewardRestoreRequested()} disabled={!canAct} data-testid="labeler-restore">
            {session?.source === 'checkpoint' ? t('labeler.restoreShipped') : t('labeler.restoreStart')}
          </button>
        </p>
      )}
    </div>
  );
}
