import { useGpuStore } from '../state/gpu-slice';

/** Each WGSL kernel against its CPU reference, run in this page on this adapter. */
export function SelfCheckPanel() {
  const { status, selfCheck } = useGpuStore();
  if (status !== 'ready') return null;
  const { state, results } = selfCheck;
  const failed = results.filter((r) => !r.pass).length;
  const verdict =
    state === 'done' ? (failed === 0 ? `all ${results.length} kernel checks pass` : `${failed} of ${results.length} kernel checks FAIL`) : 'running…';
  return (
    <section className="card" aria-label="Kernel self-check">
      <h2>Kernel self-check</h2>
      <p data-testid="selfcheck-status" data-state={state} data-failed={failed} data-total={results.length}>
        {verdict}
      </p>
      <table className="checks">
        <thead>
          <tr>
            <th>kernel</th>
            <th>what</th>
            <th>max |GPU − CPU|</th>
            <th>tolerance</th>
            <th>ms</th>
            <th>result</th>
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
              <td>{r.pass ? 'pass' : `FAIL${r.error ? `: ${r.error}` : ''}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
