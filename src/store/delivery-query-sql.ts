import type { ListDeliveriesQuery } from '../app/ports/delivery-queue.ts';
import type { EventSqlDialect } from './event-query-sql.ts';

/** An engine's event-field spelling, plus how it asks whether a text contains a (lower-cased) needle. */
export interface DeliverySqlDialect extends EventSqlDialect {
  contains(expr: string, needle: string): string;
}

/** The event fields a search reads (docs/console.md names them): type, resource name, namespace, summary. */
const SEARCHED_EVENT_FIELDS = ['event', 'name', 'namespace', 'summary'] as const;

/**
 * The one description of the delivery history's query, for both engines: a
 * webhook's deliveries newest first after the cursor, narrowed by status,
 * the time created (since inclusive, until exclusive) and a search. The
 * search is a case-insensitive substring of the delivery id, the event id,
 * the last error or the event's type, name, namespace or summary; only then
 * is the event joined, so the plain page stays one index walk.
 */
export function deliveryQuerySql(d: DeliverySqlDialect, q: ListDeliveriesQuery): { sql: string; params: Array<string | number> } {
  const params: Array<string | number> = [];
  const bind = (value: string | number): string => { params.push(value); return d.param(params.length); };
  const where = [`d.webhook_id = ${bind(q.webhookId)}`];
  if (q.cursor !== undefined) where.push(`d.id < ${bind(q.cursor)}`);
  if (q.status !== undefined) where.push(`d.status = ${bind(q.status)}`);
  if (q.since !== undefined) where.push(`d.created_at >= ${bind(q.since)}`);
  if (q.until !== undefined) where.push(`d.created_at < ${bind(q.until)}`);
  const search = q.search?.trim().toLowerCase() ?? '';
  if (search !== '') {
    const texts = ['d.id', 'd.event_id', 'd.last_error', ...SEARCHED_EVENT_FIELDS.map((f) => d.field(f))];
    where.push(`(${texts.map((t) => d.contains(t, bind(search))).join(' OR ')})`);
  }
  const from = search === '' ? 'deliveries d' : 'deliveries d LEFT JOIN events e ON e.id = d.event_id';
  const sql = `SELECT d.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY d.id DESC LIMIT ${bind(q.limit + 1)}`;
  return { sql, params };
}
