import { useGpuStore } from '../state/gpu-slice';
import { sentence } from './format';

/** The adapter badge, or a banner that says plainly why WebGPU is not in use. */
export function GpuStatus() {
  const { status, report, summary, reason } = useGpuStore();
  if (status === 'probing') return <p className="banner" role="status">Looking for a WebGPU adapter…</p>;
  if (status === 'unavailable' || status === 'lost') {
    return (
      <div className="banner banner-warn" role="alert" data-testid="webgpu-unavailable">
        <strong>{status === 'lost' ? 'GPU device lost.' : 'WebGPU unavailable.'}</strong> {sentence(reason)} The playground runs on the
        CPU engine instead: slower for large models, same maths. WebGPU is available in Chrome and Edge 113+, Safari 26+ and
        Firefox 141+ (Windows).
      </div>
    );
  }
  if (!report) return null;
  return (
    <section className="card" aria-label="WebGPU adapter" data-testid="adapter-info">
      <h2>WebGPU adapter</h2>
      <p data-testid="adapter-summary">{summary}</p>
      {report.isFallbackAdapter && (
        <p className="banner banner-info" data-testid="fallback-banner">
          This is a software (fallback) adapter: the CPU engine is faster here, so it is the default; the GPU engine can
          still be chosen.
        </p>
      )}
      <details>
        <summary>Features and limits</summary>
        <p>{report.features.join(', ')}</p>
        <table>
          <tbody>
            {Object.entries(report.limits).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
