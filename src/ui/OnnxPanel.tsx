import { useTranslation } from 'react-i18next';
import { onnxExportRequested, onnxMessageDismissed, rewardModelDetached, rewardModelFileChosen, useOnnxStore } from '../state/onnx-actions';
import { selectCanStep, useRunStore } from '../state/run-store';
import type { OnnxModelRole } from '../worker/protocol';
import { downloadBlob } from './download';

const ROLES: readonly OnnxModelRole[] = ['actor', 'critic', 'reward', 'reference'];

/** The panel's first line, which names the current iteration: redrawn alone at each one (issue #13). */
function OnnxIntro() {
  const { t } = useTranslation();
  const iteration = useRunStore((s) => s.iteration);
  return <p className="muted">{t('onnx.intro', { n: iteration })}</p>;
}

/**
 * ONNX: the four models out of the playground (opset 17, standard ops, for onnxruntime, Netron…),
 * and a reward model in: an .onnx file that maps token ids to one score per answer.
 */
export function OnnxPanel() {
  const { t } = useTranslation();
  const session = useRunStore((s) => s.session);
  const canAct = useRunStore(selectCanStep);
  const message = useOnnxStore((s) => s.message);
  if (!session) return null;
  const source = session.rewardSource;
  const download = async (role: OnnxModelRole) => {
    const r = await onnxExportRequested(role);
    if (r) downloadBlob(new Blob([r.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), r.filename);
  };
  const shown = message && (message.kind === 'refused' || source.kind === 'onnx') ? message : null;
  return (
    <section className="card" aria-label={t('onnx.title')} data-testid="onnx-panel">
      <h2>{t('onnx.title')}</h2>
      <OnnxIntro />
      <div className="panel-controls">
        {ROLES.map((role) => (
          <button key={role} type="button" data-testid={`onnx-export-${role}`} onClick={() => void download(role)}
            disabled={!canAct || (role === 'reward' && !session.hasRewardModel)}
            title={role === 'reward' && !session.hasRewardModel ? t('onnx.noRewardModel') : undefined}>
            {t(`onnx.role.${role}`)}
          </button>
        ))}
      </div>
      <h3>{t('onnx.byoTitle')}</h3>
      <p className="muted">{t('onnx.byoIntro')}</p>
      <p data-testid="reward-source" data-kind={source.kind} data-name={source.name}>
        {t(`onnx.source.${source.kind}`, { name: source.name })}
      </p>
      <div className="panel-controls">
        <label className="file">
          {t('onnx.load')}
          <input type="file" accept=".onnx,application/octet-stream" disabled={!canAct} data-testid="onnx-reward-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void rewardModelFileChosen(f.name, () => f.arrayBuffer(), f.size);
              e.target.value = '';
            }} />
        </label>
        {source.kind === 'onnx' && (
          <button type="button" onClick={() => void rewardModelDetached()} disabled={!canAct} data-testid="onnx-reward-detach">
            {session.hasRewardModel ? t('onnx.backToRm') : t('onnx.backToChecker')}
          </button>
        )}
      </div>
      {shown && (
        <p className={shown.kind === 'refused' ? 'banner banner-error' : 'muted'} role={shown.kind === 'refused' ? 'alert' : 'status'}
          data-testid="onnx-message" data-kind={shown.kind}>
          {shown.kind === 'refused' ? t('onnx.refused', { file: shown.file }) : t('onnx.loaded', { file: shown.file })} {shown.text}
          {' '}<button type="button" className="link" onClick={onnxMessageDismissed}>{t('common.dismiss')}</button>
        </p>
      )}
    </section>
  );
}
