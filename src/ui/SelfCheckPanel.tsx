import { useTranslation } from 'react-i18next';
import { useGpuStore } from '../state/gpu-slice';

/** Each WGSL kernel against its CPU reference, run in this page on this adapter. */
export function SelfCheckPanel() {
  const { t } = useTranslation();
  const { status, selfCheck } = useGpuStore();
  if (status !== 'ready') return null;
  const { state, results } = selfCheck;
  const failed = results.filter((r) => !r.pass).length;
  const total = results.length;
  const verdict = state === 'done' ? (failed === 0 ? t('selfCheck.allPass', { total }) : t('selfCheck.someFail', { failed, total })) : t('selfCheck.running');
  return (
    <section className="card" aria-label={t('selfCheck.title')}>
      <h2>{t('selfCheck.title')}</h2>
      <p data-testid="selfcheck-status" data-state={state} data-failed={failed} data-total={total}>
        {verdict}
      </p>
      <table className="checks">
        <thead>
          <tr>
            {(['kernel', 'what', 'error', 'tolerance', 'ms', 'result'] as const).map((c) => <th key={c}>{t(`selfCheck.col.${c}`)}</th>)}
          </tr>
        </thead>
        <tbody>
          {results.map((r, i) => (
            <tr key={i} className={r.pass ? 'pass' : 'fail'} data-testid="selfcheck-row">
              <td>{r.kernel}</td>
              <td>{r.what}</td>
              <td>{Number.isNaN(r.maxAbsError) ? '—' : r.maxAbsError.toExponential(2)}</td>
              <td>{r.tolerance.toExponential(0)}</td>
              <td>{r.ms.toFixed(0)}</td>
              <td>{r.pass ? t('selfCheck.pass') : `${t('selfCheck.fail')}${r.error ? `: ${r.error}` : ''}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
