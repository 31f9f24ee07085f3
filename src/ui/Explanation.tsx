import { useTranslation } from 'react-i18next';
import { useRunStore, type PhaseName } from '../state/run-store';

const PHASES: PhaseName[] = ['sample', 'feedback', 'learn'];

/** What the current phase does, in a few sentences and its formula (English / 中文). */
export function Explanation() {
  const { t } = useTranslation();
  const busy = useRunStore((s) => s.busy);
  const phase = useRunStore((s) => s.phase);
  const current: PhaseName = busy === 'sample' || busy === 'feedback' || busy === 'learn' ? busy : phase === 'sampled' ? 'sample' : phase === 'fed' ? 'feedback' : phase === 'learned' ? 'learn' : 'sample';
  return (
    <section className="card explain" aria-label={t('explain.title')} data-testid="explanation" data-phase={current}>
      <div className="explain-tabs">
        {PHASES.map((p) => (
          <details key={p} open={p === current} className={p === current ? 'current' : ''} data-testid={`explain-${p}`}>
            <summary>{t(`explain.${p}.title`)}</summary>
            <p>{t(`explain.${p}.body`)}</p>
            <pre className="formula">{t(`explain.${p}.formula`)}</pre>
          </details>
        ))}
      </div>
    </section>
  );
}
