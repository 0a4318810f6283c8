import type { HeraldEvent } from '../../core/event.ts';
import { newId } from '../../core/ids.ts';
import { parseEvent } from '../rows.ts';
import type { RecordEventResult } from '../store.ts';
import type { Queryable } from './postgres-db.ts';
import { WAKE_CHANNEL } from './postgres-notify.ts';

/** One recordEvent call without source state or fence, as the batch statement takes it. */
export interface EventItem {
  event: HeraldEvent;
  /** The event as stored, serialised by the caller, so an event that cannot be is refused alone. */
  data: string;
  webhookIds: readonly string[];
  now: number;
  once: boolean;
}

/** What keeps two items out of one statement: ON CONFLICT cannot tell which of two same-key rows came first. */
export function eventItemKeys(item: EventItem): string[] {
  return item.event.dedupKey == null ? [`id:${item.event.id}`] : [`id:${item.event.id}`, `key:${item.event.dedupKey}`];
}

/**
 * Records many events and their deliveries in one statement: one round trip
 * and one commit for every ingest that arrived together (batched by
 * postgres-batcher.ts), with the rules of RECORD_EVENT (postgres-record-event.ts):
 * a dedupKey already stored writes nothing for that event, a webhook being
 * deleted is waited for and skipped (FOR KEY SHARE), and, when `notify`, one
 * NOTIFY wakes the other replicas at commit, for the whole batch (pacing:
 * postgres-wake-pacer.ts).
 */
export async function recordEventRows(db: Queryable, items: readonly EventItem[], notify: boolean): Promise<RecordEventResult[]> {
  const ids = items.map((i) => i.webhookIds.map(() => newId('dlv', i.now)));
  const { rows } = await db.query<{ inserted: string[]; delivery_ids: string[] }>({
    name: 'herald_record_events', text: RECORD_EVENTS,
    values: [
      items.map((i) => i.event.id), items.map((i) => i.event.dedupKey ?? null), items.map((i) => i.data),
      items.map((i) => i.now), items.map((i) => i.once),
      ids.flat(), items.flatMap((i) => i.webhookIds.map(() => i.event.id)), items.flatMap((i) => i.webhookIds), notify,
    ],
  });
  const inserted = new Set(rows[0]!.inserted);
  const written = new Set(rows[0]!.delivery_ids);
  return Promise.all(items.map(async (item, n) => {
    if (inserted.has(item.event.id)) return { event: item.event, duplicate: false, deliveryIds: ids[n]!.filter((id) => written.has(id)) };
    const existing = await db.query<{ data: string }>('SELECT data FROM events WHERE dedup_key = $1', [item.event.dedupKey]);
    return { event: parseEvent(existing.rows[0]!.data), duplicate: true, deliveryIds: [] };
  }));
}

const RECORD_EVENTS = `
    WITH x AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::boolean[]) AS x(id, dedup_key, data, now, once)
    ),
    e AS (
      INSERT INTO events (id, dedup_key, data, created_at) SELECT id, dedup_key, data, now FROM x
      ON CONFLICT (dedup_key) DO NOTHING RETURNING id
    ),
    d AS (
      INSERT INTO deliveries (id, event_id, webhook_id, status, next_attempt_at, once, triggered_by, created_at, updated_at)
      SELECT y.id, e.id, w.id, 'pending', x.now, x.once, CASE WHEN x.once THEN 'test' ELSE 'first' END, x.now, x.now
      FROM unnest($6::text[], $7::text[], $8::text[]) AS y(id, event_id, webhook_id)
      JOIN e ON e.id = y.event_id
      JOIN x ON x.id = y.event_id
      JOIN webhooks w ON w.id = y.webhook_id
      FOR KEY SHARE OF w
      RETURNING id
    ),
    wake AS (SELECT pg_notify('${WAKE_CHANNEL}', current_schema()) WHERE $9::boolean AND EXISTS (SELECT 1 FROM d))
    SELECT array(SELECT id FROM e) AS inserted, array(SELECT id FROM d) AS delivery_ids, (SELECT count(*) FROM wake) AS notified`;
