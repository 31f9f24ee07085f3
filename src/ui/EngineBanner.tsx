import { useTranslation } from 'react-i18next';
import { engineChosen } from '../state/engine-actions';
import { useRunStore } from '../state/run-store';

/** Why the run is not on the GPU engine (no WebGPU, a software adapter, a GPU failure or a lost device). */
export function EngineBanner() {
  const { t } = useTranslation();
  const banner = useRunStore((s) => s.banner);
  const busy = useRunStore((s) => s.busy !== null || s.running);
  if (!banner) return null;
  const testid = { 'no-webgpu': 'webgpu-unavailable', fallback: 'fallback-banner', 'gpu-failed': 'gpu-failed-banner', 'device-lost': 'device-lost-banner' }[banner.kind];
  return (
    <div className={`banner ${banner.kind === 'fallback' ? 'banner-info' : 'banner-warn'}`} role={banner.kind === 'fallback' ? 'note' : 'alert'} data-testid={testid}>
      <strong>{t(`banner.${banner.kind}.title`)}</strong> {t(`banner.${banner.kind}.body`, { detail: banner.text })}
      {banner.continuedAt !== undefined && <> {t('runs.continuedOnCpu', { n: banner.continuedAt })}</>}
      {banner.kind === 'fallback' && (
        <button type="button" className="link" disabled={busy} onClick={() => void engineChosen('gpu')} data-testid="use-gpu">
          {t('banner.useGpu')}
        </button>
      )}
      {banner.kind === 'device-lost' && banner.continuedAt === undefined && (
        <button type="button" className="link" onClick={() => void engineChosen('cpu')} data-testid="use-cpu">
          {t('banner.useCpu')}
        </button>
      )}
    </div>
  );
}
