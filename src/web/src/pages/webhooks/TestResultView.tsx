import type { TestResult } from '../../api/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';

/** What the receiver answered to a test event. */
export function TestResultView({ result }: { result: TestResult }) {
  const a = result.attempt;
  return (
    <div className={`test-result ${result.ok ? 'is-ok' : 'is-failed'}`} role="status" aria-live="polite" data-testid="test-result">
      <p className="test-verdict"><strong>{result.ok ? 'Test delivered' : 'Test failed'}</strong> <StatusBadge status={result.ok ? 'succeeded' : 'failed'} /></p>
      <dl className="facts">
        <dt>Status code</dt><dd data-testid="test-status-code">{a?.statusCode ?? 'none'}</dd>
        {a !== null && <><dt>Duration</dt><dd>{a.durationMs} ms</dd></>}
        {a?.error != null && <><dt>Error</dt><dd className="error-text">{a.error}</dd></>}
        {a === null && <><dt>Error</dt><dd className="error-text">{result.delivery.lastError ?? 'the delivery was not attempted'}</dd></>}
      </dl>
      {a?.responseBody != null && a.responseBody !== '' && (
        <>
          <p className="label">Response body</p>
          <pre className="body" data-testid="test-response-body">{a.responseBody}</pre>
        </>
      )}
    </div>
  );
}
