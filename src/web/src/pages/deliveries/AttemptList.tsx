import type { Attempt } from '../../api/types.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Time } from '../../components/Time.tsx';

/** Every try of a delivery: when, why (first, retry, redeliver, recovered, test), outcome, HTTP status, how long, the error and what the receiver said. */
export function AttemptList({ attempts }: { attempts: Attempt[] }) {
  if (attempts.length === 0) return <p className="muted">Not attempted yet.</p>;
  return (
    <ol className="attempts">
      {attempts.map((a) => (
        <li key={a.id} className="attempt" data-testid="attempt">
          <p className="attempt-head">
            <strong>Attempt {a.attempt}</strong> <StatusBadge status={a.outcome} /> <Time iso={a.startedAt} />
          </p>
          <dl className="facts">
            <dt>Trigger</dt><dd data-testid="attempt-trigger">{a.trigger}</dd>
            <dt>Status code</dt><dd data-testid="attempt-status-code">{a.statusCode ?? 'none'}</dd>
            <dt>Duration</dt><dd>{a.durationMs} ms</dd>
            {a.error !== null && <><dt>Error</dt><dd className="error-text">{a.error}</dd></>}
          </dl>
          {a.responseBody !== null && a.responseBody !== '' && (
            <details open={attempts.length <= 3}>
              <summary>Response body</summary>
              <pre className="body">{a.responseBody}</pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
