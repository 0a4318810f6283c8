import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { EventRow } from './EventRow.tsx';
import { POLL_MS, useEventFeed } from './event-feed.ts';

/** Every event Herald records, newest first, as it arrives. */
export function EventsPage() {
  const [paused, setPaused] = useState(false);
  const feed = useEventFeed(paused);

  return (
    <section aria-labelledby="events-title">
      <div className="page-head">
        <h1 id="events-title">Live events</h1>
        <span className="muted push">
          <span role="status">{paused ? 'Paused' : feed.catchingUp ? 'Catching up…' : `Live: checks every ${POLL_MS / 1000} s`}</span>
          {feed.lastPolledAt !== null && !paused && <> (last checked {feed.lastPolledAt.toLocaleTimeString()})</>}
        </span>
        <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>{paused ? 'Resume' : 'Pause'}</button>
      </div>
      <ErrorMessage error={feed.error} />
      {feed.events.length === 0 && !feed.catchingUp && <p className="empty">No events in the last hour yet. New ones appear here as they are recorded.</p>}
      {feed.events.length > 0 && (
        <table className="table events">
          <caption className="visually-hidden">Events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th><th scope="col">Type</th><th scope="col">Source</th><th scope="col">Cluster / namespace</th>
              <th scope="col">Resource</th><th scope="col">Actor</th><th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody aria-live="polite" aria-relevant="additions">
            {feed.events.map((e) => <EventRow key={e.id} event={e} />)}
          </tbody>
        </table>
      )}
    </section>
  );
}
