import { useTranslation } from 'react-i18next';
import { rowsChosen, useViewStore } from '../state/view-store';

/** How many of the B answers the tables show (all of them can be large on a projector). */
export function RowsControl({ B }: { B: number }) {
  const { t } = useTranslation();
  const rows = useViewStore((s) => s.rows);
  if (B <= 8) return null;
  return (
    <p className="rows-control">
      {t('rows.showing', { n: Math.min(rows, B), B })}{' '}
      <button type="button" className="link" onClick={() => rowsChosen(rows >= B ? 8 : B)} data-testid="rows-toggle">
        {rows >= B ? t('rows.fewer') : t('rows.all')}
      </button>
    </p>
  );
}
