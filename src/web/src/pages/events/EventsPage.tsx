import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { EventQuery, HeraldEvent } from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { EventFilters } from './EventFilters.tsx';
import { EventRow } from './EventRow.tsx';
import { matchesQuery } from './event-query.ts';
import { useLiveEvents, type LiveState } from './use-live-events.ts';

const KEEP = 500;
const STATE_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…', live: 'Live', paused: 'Paused', reconnecting: 'Connection lost; reconnecting…',
};

/** The event browser: filters, newest first with older pages on request, and new events pushed by SSE. */
export function EventsPage() {
  const [query, setQuery] = useState<EventQuery>({});
  const [paused, setPaused] = useState(false);
  const [events, setEvents] = useState<HeraldEvent[]>([]);
  const [older, setOlder] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(() => {
    setLoading(true);
    api.events.browse(query).then(
      (page) => { setEvents(page.items); setOlder(page.nextCursor); setError(null); setLoading(false); },
      (err: unknown) => { setError(err); setLoading(false); },
    );
  }, [query]);
  useEffect(load, [load]);

  const state = useLiveEvents(paused, (e) => {
    if (matchesQuery(e, query)) setEvents((list) => (list.some((x) => x.id === e.id) ? list : [e, ...list].slice(0, KEEP)));
  }, load);

  const loadOlder = async () => {
    if (older === null) return;
    try {
      const page = await api.events.browse(query, older);
      setEvents((list) => [...list, ...page.items]);
      setOlder(page.nextCursor);
    } catch (err) { setError(err); }
  };

  return (
    <section aria-labelledby="events-title">
      <div className="page-head">
        <h1 id="events-title">Events</h1>
        <span className="muted push" role="status" data-testid="live-state">{STATE_TEXT[state]}</span>
        <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>{paused ? 'Resume' : 'Pause'}</button>
      </div>
      <EventFilters onApply={setQuery} />
      <ErrorMessage error={error} />
      {loading && events.length === 0 && <p role="status">Loading events…</p>}
      {!loading && events.length === 0 && <p className="empty">No events match. New ones appear here as they are recorded.</p>}
      {events.length > 0 && (
        <table className="table events stack">
          <caption className="visually-hidden">Events, newest first; open one to see what changed</caption>
          <thead>
            <tr>
              <th scope="col">Time</th><th scope="col">Type</th><th scope="col">Source</th><th scope="col">Cluster / namespace</th>
              <th scope="col">Resource</th><th scope="col">Actor</th><th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody aria-live="polite" aria-relevant="additions">
            {events.map((e) => <EventRow key={e.id} event={e} />)}
          </tbody>
        </table>
      )}
      {older !== null && <button type="button" onClick={() => void loadOlder()}>Load older events</button>}
    </section>
  );
}
