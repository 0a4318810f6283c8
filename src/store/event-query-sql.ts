import type { EventQuery } from '../app/ports/event-log.ts';

/** How one SQL engine spells a bind parameter and a top-level field of the event JSON. */
export interface EventSqlDialect {
  param(index: number): string;
  field(name: string): string;
}

/**
 * The one description of the event browser's query, for both engines: a
 * WHERE clause over the event JSON (`kind` is the event's `resource`), the
 * cursor in the page's direction, and its bind values in order.
 */
export function eventQuerySql(d: EventSqlDialect, cursor: string | undefined, limit: number, q: EventQuery = {}): { sql: string; params: Array<string | number> } {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const bind = (value: string | number): string => { params.push(value); return d.param(params.length); };
  const desc = q.newestFirst === true;
  if (cursor !== undefined) where.push(`id ${desc ? '<' : '>'} ${bind(cursor)}`);
  const fields: Array<[keyof EventQuery, string]> = [['type', 'event'], ['cluster', 'cluster'], ['namespace', 'namespace'], ['kind', 'resource'], ['actor', 'actor']];
  for (const [key, name] of fields) {
    const value = q[key];
    if (typeof value === 'string' && value !== '') where.push(`${d.field(name)} = ${bind(value)}`);
  }
  if (q.since !== undefined) where.push(`created_at >= ${bind(q.since)}`);
  if (q.until !== undefined) where.push(`created_at < ${bind(q.until)}`);
  const sql = `SELECT id, data FROM events${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`}`
    + ` ORDER BY id ${desc ? 'DESC' : 'ASC'} LIMIT ${bind(limit + 1)}`;
  return { sql, params };
}
